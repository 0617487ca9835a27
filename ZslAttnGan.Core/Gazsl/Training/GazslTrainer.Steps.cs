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
            var batch = NextBatch();
            // The reference's order of draws within a critic sub-step: z, then α.
            var noise = randn(new[] { batch.Size, (long)Generator.NoiseSize }, dtype: batch.Features.dtype, device: batch.Features.device, generator: _rng);
            var alpha = rand(new[] { batch.Size, 1L }, dtype: batch.Features.dtype, device: batch.Features.device, generator: _rng);
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
        var generatorBatch = NextBatch();
        var z = randn(new[] { generatorBatch.Size, (long)Generator.NoiseSize }, dtype: generatorBatch.Features.dtype, device: generatorBatch.Features.device, generator: _rng);
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

    private GazslBatch NextBatch()
    {
        var rows = _sampler.Next(_rng);
        var index = tensor(rows, device: _split.Features.device);
        var labels = _split.Labels.index_select(0, index);
        return GazslBatch.FromClassTable(_split.Features.index_select(0, index), labels, _split.Conditions);
    }

    /// <summary>Called by a step before its optimiser step: a non-finite total stops (or skips) it, naming the first
    /// non-finite term.</summary>
    private void CheckFinite(string subStep, Tensor total, params (string Name, Tensor Value)[] terms)
    {
        double value = total.to_type(ScalarType.Float64).item<double>();
        if (double.IsFinite(value)) return;
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
        _logger.LogWarning("GAZSL iteration {Iteration}, {SubStep}: loss '{Loss}' is {Value}; optimiser step skipped ({Skipped} so far).",
            iteration, subStep, name, bad, SkippedSteps);
        throw new SkipStepSignal();
    }
}
