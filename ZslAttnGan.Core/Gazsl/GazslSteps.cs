using ZslAttnGan.Nn;
using ZslAttnGan.Training;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// GAZSL's training sub-steps (<c>train_CUB.py</c> / <c>train_GBU.py</c>, <c>train()</c>), for a trainer to call:
/// <see cref="CriticStep(GazslBatch, Tensor, Tensor, Action{GazslCriticTrace}?)"/> (WGAN-GP critic with auxiliary
/// classifier), <see cref="GeneratorStep(GazslBatch, Tensor, Tensor?, Action{GazslGeneratorTrace}?)"/> (adversarial +
/// classification + visual pivot + L2 + L2,1) and <see cref="Iteration(IReadOnlyList{GazslCriticInput}, GazslGeneratorInput, Tensor?)"/>
/// (<see cref="CriticStepsPerIteration"/> critic steps then one generator step). Randomness is the caller's: noise
/// and interpolation coefficients are passed in or drawn from a given <see cref="Generator"/>. Every sub-step clears
/// the gradients of BOTH nets before it starts and after its optimiser step, as the reference's <c>reset_grad</c>.
/// The class does not own the nets or the optimisers.
/// </summary>
public sealed class GazslSteps
{
    private readonly AdamOptimizer _generatorOptimizer;
    private readonly AdamOptimizer _criticOptimizer;

    /// <summary>Binds the nets, their optimisers (see <see cref="CreateOptimizer"/>) and the loss weights.</summary>
    /// <exception cref="ArgumentException">The critic does not read the generator's features, or an optimiser does
    /// not hold exactly its net's parameters.</exception>
    public GazslSteps(IGazslGenerator generator, ZslDiscriminator critic, AdamOptimizer generatorOptimizer,
                      AdamOptimizer criticOptimizer, GazslLossWeights? weights = null, int criticStepsPerIteration = 5)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(generatorOptimizer);
        ArgumentNullException.ThrowIfNull(criticOptimizer);
        Guard.Positive(criticStepsPerIteration, nameof(criticStepsPerIteration));
        if (critic.InFeatures != generator.FeatureSize)
            throw new ArgumentException($"The critic reads features of size {critic.InFeatures} but the generator makes {generator.FeatureSize}.", nameof(critic));
        CheckOwns(generatorOptimizer, generator.Module, nameof(generatorOptimizer));
        CheckOwns(criticOptimizer, critic, nameof(criticOptimizer));
        Weights = weights ?? GazslLossWeights.Cub;
        Weights.Validate();
        Generator = generator;
        Critic = critic;
        _generatorOptimizer = generatorOptimizer;
        _criticOptimizer = criticOptimizer;
        CriticStepsPerIteration = criticStepsPerIteration;
    }

    /// <summary>The reference's optimiser: Adam, lr 1e-4, betas (0.5, 0.9), ε 1e-8, no weight decay; one per net,
    /// created fresh (the reference never checkpoints its state).</summary>
    public static AdamOptimizer CreateOptimizer(nn.Module net, double learningRate = 1e-4, double beta1 = 0.5, double beta2 = 0.9, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(net);
        return new AdamOptimizer(net.parameters(), learningRate, beta1, beta2, eps);
    }

    /// <summary>The generator.</summary>
    public IGazslGenerator Generator { get; }

    /// <summary>The critic (<c>_netD</c>).</summary>
    public ZslDiscriminator Critic { get; }

    /// <summary>The loss weights.</summary>
    public GazslLossWeights Weights { get; }

    /// <summary>The ranks of a data-parallel run (each passes its shard of every batch): gradients are averaged over them
    /// before each optimiser step, and the visual pivot's class means are taken over the whole batch, so N ranks with
    /// B/N rows each compute what one process computes with B rows.</summary>
    public Collectives.IProcessGroup Group { get; set; } = Collectives.SingleProcessGroup.Instance;

    /// <summary>Critic sub-steps per outer iteration (5).</summary>
    public int CriticStepsPerIteration { get; }

    /// <summary>How the critic step computes its gradients: <see cref="GazslStepAlgorithm.Fused"/> (default, fewer
    /// matrix products) or <see cref="GazslStepAlgorithm.Reference"/> (the original's passes). Same objective either
    /// way; the results differ by float rounding.</summary>
    public GazslStepAlgorithm Algorithm { get; init; } = GazslStepAlgorithm.Fused;

    /// <summary>
    /// One critic sub-step: backward(Adv·(−mean s(x) + CE(k(x), y))), backward(Adv·(mean s(x̃) + CE(k(x̃), y))) with
    /// x̃ = G(z, t) detached, backward(Adv·λ·GP(α)), then one Adam step of the critic.
    /// </summary>
    /// <param name="batch">Real batch.</param>
    /// <param name="noise">z [B, NoiseSize].</param>
    /// <param name="alpha">GP interpolation coefficients [B, 1] in [0, 1].</param>
    /// <param name="observe">Called before the optimiser step with the step's tensors (see <see cref="GazslCriticTrace"/>).</param>
    /// <exception cref="ArgumentException">A shape, dtype or label does not fit.</exception>
    public GazslCriticLosses CriticStep(GazslBatch batch, Tensor noise, Tensor alpha, Action<GazslCriticTrace>? observe = null)
    {
        CheckBatch(batch);
        Guard.Shape(noise, nameof(noise), $"[{batch.Size}, {Generator.NoiseSize}]", batch.Size, Generator.NoiseSize);
        Guard.Shape(alpha, nameof(alpha), $"[{batch.Size}, 1]", batch.Size, 1);
        using var scope = NewDisposeScope();
        ClearGradients();
        // The generator is deterministic given the noise, so drawing the fake batch first (the reference draws it after
        // the real term's backward) changes nothing.
        Tensor fake;
        using (no_grad()) fake = Generate(batch, noise).detach();
        var trace = Algorithm == GazslStepAlgorithm.Fused
            ? GazslFusedCriticStep.Run(Critic, batch, fake, alpha, Weights, observed: observe is not null)
            : ReferenceCriticPasses(batch, fake, alpha);
        observe?.Invoke(trace);
        Collectives.ProcessGroupExtensions.AverageGradients(Group, _criticOptimizer.Parameters);
        _criticOptimizer.Step();
        ClearGradients();
        return new GazslCriticLosses(Value(trace.DLossReal), Value(trace.CLossReal), Value(trace.DLossFake),
            Value(trace.CLossFake), Value(trace.GradientPenalty));
    }

    /// <summary>The critic's gradients as the reference computes them: backward of the real term, of the fake term, then
    /// of the penalty through double back-propagation.</summary>
    private GazslCriticTrace ReferenceCriticPasses(GazslBatch batch, Tensor fake, Tensor alpha)
    {
        var adv = Weights.Adversarial;
        var real = Critic.forward(batch.Features);
        var dLossReal = real.Realness.mean();
        var cLossReal = nn.functional.cross_entropy(real.ClassLogits, batch.Labels);
        var realPart = (cLossReal - dLossReal).Times(adv);
        realPart.backward();

        var f = Critic.forward(fake);
        var dLossFake = f.Realness.mean();
        var cLossFake = nn.functional.cross_entropy(f.ClassLogits, batch.Labels);
        var fakePart = dLossFake.Plus(cLossFake).Times(adv);
        fakePart.backward();

        var penalty = GazslGradientPenalty.Compute(Critic, batch.Features, fake, alpha);
        var weightedPenalty = penalty.Penalty.Times(Weights.GradientPenalty).Times(adv);
        weightedPenalty.backward();

        var total = realPart.Plus(fakePart).Plus(weightedPenalty).detach();
        return new GazslCriticTrace(real.Realness, real.ClassLogits, dLossReal, cLossReal, fake, f.Realness, f.ClassLogits,
            dLossFake, cLossFake, penalty, weightedPenalty, total);
    }

    /// <summary>A critic sub-step with z ~ N(0, 1) then α ~ U(0, 1) drawn from <paramref name="random"/> (the global
    /// generator when null), in the reference's order.</summary>
    public GazslCriticLosses CriticStep(GazslBatch batch, Generator? random)
    {
        CheckBatch(batch);
        using var noise = DrawNoise(batch, random);
        using var alpha = rand(new[] { batch.Size, 1L }, dtype: batch.Features.dtype, device: batch.Features.device, generator: random);
        return CriticStep(batch, noise, alpha);
    }

    /// <summary>
    /// One generator sub-step: x̃ = G(z, t); backward(Adv·(−mean s(x̃) + (CE(k(x), y) + CE(k(x̃), y))/2)
    /// + w_c·pivot(x̃, y, μ) + w_2·Σw² + w_21·L2,1(W_text)), then one Adam step of the generator. The critic's
    /// gradients from this backward are discarded.
    /// </summary>
    /// <param name="batch">Real batch (its features only enter the real-sample CE, which gives G no gradient).</param>
    /// <param name="noise">z [B, NoiseSize].</param>
    /// <param name="classCentroids">μ [C_s, X] (see <see cref="GazslFeatureNormalization"/>); may be null only when the
    /// centroid weight is 0.</param>
    /// <param name="observe">Called before the optimiser step (see <see cref="GazslGeneratorTrace"/>).</param>
    /// <exception cref="ArgumentException">A shape, dtype or label does not fit.</exception>
    public GazslGeneratorLosses GeneratorStep(GazslBatch batch, Tensor noise, Tensor? classCentroids, Action<GazslGeneratorTrace>? observe = null)
    {
        CheckBatch(batch);
        Guard.Shape(noise, nameof(noise), $"[{batch.Size}, {Generator.NoiseSize}]", batch.Size, Generator.NoiseSize);
        if (Weights.Centroid != 0)
            Guard.Shape(classCentroids, nameof(classCentroids), $"[{Critic.Classes}, {Generator.FeatureSize}]", Critic.Classes, Generator.FeatureSize);
        using var scope = NewDisposeScope();
        ClearGradients();
        // The reference's backward also fills the critic's gradients, which reset_grad then throws away. Freezing the
        // critic for this step, and classifying the real features without a graph (their cross-entropy gives the
        // generator no gradient), skips that work (about 60 of 2,000 GFLOP per CUB iteration); every loss value and
        // every generator gradient stay the same.
        var frozen = Critic.parameters().Where(p => p.requires_grad).ToList();
        foreach (var p in frozen) p.requires_grad_(false);
        try
        {
            return GeneratorStepBody(batch, noise, classCentroids, observe);
        }
        finally
        {
            foreach (var p in frozen) p.requires_grad_(true);
        }
    }

    private GazslGeneratorLosses GeneratorStepBody(GazslBatch batch, Tensor noise, Tensor? classCentroids, Action<GazslGeneratorTrace>? observe)
    {
        var fake = Generate(batch, noise);
        var f = Critic.forward(fake);
        ZslDiscriminatorOutput r;
        using (no_grad()) r = Critic.forward(batch.Features);
        var gLoss = f.Realness.mean();
        var ceReal = nn.functional.cross_entropy(r.ClassLogits, batch.Labels);
        var ceFake = nn.functional.cross_entropy(f.ClassLogits, batch.Labels);
        var cLoss = ceReal.Plus(ceFake).DividedBy(2.0);
        var gcLoss = (cLoss - gLoss).Times(Weights.Adversarial);

        VisualPivotTerms? pivot = null;
        var euclidean = zeros_like(gLoss);
        if (Weights.Centroid != 0)
        {
            pivot = GazslVisualPivotLoss.Compute(fake, batch.Labels, classCentroids!, Weights.Singletons, Group);
            euclidean = pivot.Loss.Times(Weights.Centroid);
        }
        var reg = Weights.WeightL2 != 0 ? GazslRegularizers.WeightL2(Generator.Module).Times(Weights.WeightL2) : zeros_like(gLoss);
        var textWeight = Generator.TextReductionWeight;
        var regWz = Weights.TextL21 != 0 && textWeight is not null
            ? GazslRegularizers.ColumnL21(textWeight).Times(Weights.TextL21) : zeros_like(gLoss);
        var all = gcLoss.Plus(euclidean).Plus(reg).Plus(regWz);
        all.backward();

        observe?.Invoke(new GazslGeneratorTrace(fake, f.Realness, f.ClassLogits, r.ClassLogits, gLoss, ceReal, ceFake, cLoss,
            gcLoss, pivot, euclidean, reg, regWz, all));
        Collectives.ProcessGroupExtensions.AverageGradients(Group, _generatorOptimizer.Parameters);
        _generatorOptimizer.Step();
        ClearGradients();
        return new GazslGeneratorLosses(Value(gLoss), Value(cLoss), Value(euclidean), Value(reg), Value(regWz), Value(all));
    }

    /// <summary>A generator sub-step with z ~ N(0, 1) drawn from <paramref name="random"/> (global generator when null).</summary>
    public GazslGeneratorLosses GeneratorStep(GazslBatch batch, Tensor? classCentroids, Generator? random)
    {
        CheckBatch(batch);
        using var noise = DrawNoise(batch, random);
        return GeneratorStep(batch, noise, classCentroids);
    }

    /// <summary>One outer iteration with given inputs: the critic steps in order (exactly
    /// <see cref="CriticStepsPerIteration"/>), then the generator step.</summary>
    /// <exception cref="ArgumentException">Not exactly <see cref="CriticStepsPerIteration"/> critic inputs.</exception>
    public GazslIterationLosses Iteration(IReadOnlyList<GazslCriticInput> critic, GazslGeneratorInput generator, Tensor? classCentroids)
    {
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(generator);
        if (critic.Count != CriticStepsPerIteration)
            throw new ArgumentException($"An iteration has {CriticStepsPerIteration} critic steps but {critic.Count} critic inputs were given.", nameof(critic));
        var criticLosses = critic.Select(c => CriticStep(c.Batch, c.Noise, c.Alpha)).ToList();
        return new GazslIterationLosses(criticLosses, GeneratorStep(generator.Batch, generator.Noise, classCentroids));
    }

    /// <summary>One outer iteration drawing a batch from <paramref name="nextBatch"/> for every sub-step and the noise
    /// from <paramref name="random"/> (global generator when null), in the reference's order.</summary>
    public GazslIterationLosses Iteration(Func<GazslBatch> nextBatch, Tensor? classCentroids, Generator? random)
    {
        ArgumentNullException.ThrowIfNull(nextBatch);
        var criticLosses = new List<GazslCriticLosses>(CriticStepsPerIteration);
        for (int i = 0; i < CriticStepsPerIteration; i++) criticLosses.Add(CriticStep(nextBatch(), random));
        return new GazslIterationLosses(criticLosses, GeneratorStep(nextBatch(), classCentroids, random));
    }

    /// <summary>The batch's fake features, through the class table when the batch carries one.</summary>
    private Tensor Generate(GazslBatch batch, Tensor noise) => batch.ClassConditions is null
        ? Generator.Generate(batch.Conditions, noise)
        : Generator.GenerateFromClassTable(batch.ClassConditions, batch.Labels, noise);

    private Tensor DrawNoise(GazslBatch batch, Generator? random) =>
        randn(new[] { batch.Size, (long)Generator.NoiseSize }, dtype: batch.Features.dtype, device: batch.Features.device, generator: random);

    private void CheckBatch(GazslBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate(Generator.FeatureSize, Generator.ConditionSize, Critic.Classes);
    }

    private void ClearGradients()
    {
        _generatorOptimizer.ZeroGrad();
        _criticOptimizer.ZeroGrad();
    }

    private static double Value(Tensor scalar) => scalar.to_type(ScalarType.Float64).item<double>();

    private static void CheckOwns(AdamOptimizer optimizer, nn.Module net, string name)
    {
        var mine = net.parameters().Select(p => p.Handle).ToHashSet();
        if (optimizer.Parameters.Count != mine.Count || optimizer.Parameters.Any(p => !mine.Contains(p.Handle)))
            throw new ArgumentException($"{name} must optimise exactly the parameters of its net ({mine.Count} tensors), but holds {optimizer.Parameters.Count} others.", name);
    }
}
