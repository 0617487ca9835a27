using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Training;

// One outer iteration: batches from the sampler, noise from the trainer's generator, and a finiteness check of every
// sub-step's losses before its optimiser step.
public sealed partial class GazslTrainer
{
    private static readonly GazslGeneratorLosses SkippedGenerator = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Thrown by a step observer to skip the optimiser step (<see cref="GazslNonFiniteLossPolicy.SkipStep"/>).</summary>
    private sealed class SkipStepSignal : Exception;

    private GazslIterationLosses RunIteration()
    {
        using var scope = NewDisposeScope();
        var critic = new List<GazslCriticLosses>(Options.CriticSteps);
        for (int k = 0; k < Options.CriticSteps; k++)
        {
            var (batch, rows) = NextBatch();
            // The reference's order of draws within a critic sub-step: z, then α, for the whole batch (see RankSlice).
            var noise = RankSlice(randn(new[] { rows, (long)Generator.NoiseSize }, dtype: batch.Features.dtype, device: batch.Features.device, generator: _rng));
            var alpha = RankSlice(rand(new[] { rows, 1L }, dtype: batch.Features.dtype, device: batch.Features.device, generator: _rng));
            string subStep = $"critic step {k + 1}";
            try
            {
                critic.Add(_steps.CriticStep(batch, noise, alpha, t => CheckFinite(subStep, t.Total,
                    ("D_loss_real", t.DLossReal), ("C_loss_real", t.CLossReal), ("D_loss_fake", t.DLossFake),
                    ("C_loss_fake", t.CLossFake), ("grad_penalty", t.GradientPenalty))));
            }
            catch (SkipStepSignal)
            {
            }
        }
        var (generatorBatch, generatorRows) = NextBatch();
        var z = RankSlice(randn(new[] { generatorRows, (long)Generator.NoiseSize }, dtype: generatorBatch.Features.dtype, device: generatorBatch.Features.device, generator: _rng));
        GazslGeneratorLosses generator;
        try
        {
            generator = _steps.GeneratorStep(generatorBatch, z, _split.Centroids, t => CheckFinite("generator step", t.AllLoss,
                ("G_loss", t.GLoss), ("C_loss", t.CLoss), ("Euclidean_loss", t.EuclideanLoss), ("reg_loss", t.RegLoss), ("reg_Wz_loss", t.RegWzLoss)));
        }
        catch (SkipStepSignal)
        {
            generator = SkippedGenerator;
        }
        return new GazslIterationLosses(critic, generator);
    }

    /// <summary>This rank's part of the next batch, and the whole batch's row count (for the noise draws).</summary>
    private (GazslBatch Batch, long Rows) NextBatch()
    {
        var whole = _sampler.Next(_rng);
        var (start, length) = RankRows(whole.Length);
        var rows = _group.Size == 1 ? whole : whole.AsSpan((int)start, (int)length).ToArray();
        var index = tensor(rows, device: _split.Features.device);
        var labels = _split.Labels.index_select(0, index);
        return (GazslBatch.FromClassTable(_split.Features.index_select(0, index), labels, _split.Conditions), whole.Length);
    }

    /// <summary>Called by a step before its optimiser step: a non-finite total stops (or skips) it, naming the first
    /// non-finite term.</summary>
    private void CheckFinite(string subStep, Tensor total, params (string Name, Tensor Value)[] terms)
    {
        double value = total.to_type(ScalarType.Float64).item<double>();
        // The ranks decide together, so that all of them step or skip.
        if (Collectives.ProcessGroupExtensions.AllRanks(_group, double.IsFinite(value))) return;
        var (name, bad) = ("total", value);
        foreach (var (n, t) in terms)
        {
            double v = t.to_type(ScalarType.Float64).item<double>();
            if (!double.IsFinite(v)) { (name, bad) = (n, v); break; }
        }
        long iteration = Iteration + 1;
        if (Options.NonFiniteLoss == GazslNonFiniteLossPolicy.Throw)
            throw new GazslTrainingDivergedException(iteration, subStep, name, bad, _lastCheckpoint?.Directory, _lastCheckpoint?.Iteration);
        SkippedSteps++;
        Log.LogWarning("GAZSL iteration {Iteration}, {SubStep}: loss '{Loss}' is {Value}; optimiser step skipped ({Skipped} so far).",
            iteration, subStep, name, bad, SkippedSteps);
        throw new SkipStepSignal();
    }
}
