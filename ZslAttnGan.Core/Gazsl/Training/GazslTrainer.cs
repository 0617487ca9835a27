using ZslAttnGan.TorchSharpWorkarounds;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using ZslAttnGan.Training;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Training;

/// <summary>
/// Trains GAZSL (ZSL-GAN, Zhu et al. CVPR 2018) as <c>train_CUB.py</c> / <c>train_GBU.py</c> do: each outer iteration
/// runs <see cref="GazslTrainingOptions.CriticSteps"/> critic sub-steps then one generator sub-step
/// (<see cref="GazslSteps"/>), each on its own batch. Every random draw (batches, noise, GP coefficients) comes from the
/// trainer's own generator seeded with <see cref="GazslTrainingOptions.Seed"/>, and evaluations draw from generators
/// derived from the seed and the iteration, so a run is reproducible and a resumed run continues exactly
/// (<see cref="Resume"/>). Periodic evaluations (zero-shot K-NN, GZSL when seen test data exist, validation on
/// held-out seen classes) select the kept generator weights (<see cref="GazslModelSelection"/>).
/// </summary>
public sealed partial class GazslTrainer : IDisposable
{
    private readonly ILogger _logger;
    private readonly GazslTrainingSplit _split;
    private readonly GazslBatchSampler _sampler;
    private readonly GazslSteps _steps;
    private readonly AdamOptimizer _generatorOptimizer, _criticOptimizer;
    private readonly Generator _rng;
    private readonly bool _ownsNets;
    private readonly List<GazslEvaluation> _evaluations = new();
    private Dictionary<string, Tensor>? _selectedState;
    private int? _selectedIndex;
    private (string Directory, long Iteration)? _lastCheckpoint;

    /// <summary>Trains the given nets (the caller keeps ownership). The critic must classify the seen classes that are
    /// trained on: all of them, or C_s − <see cref="GazslTrainingOptions.ValidationClasses"/> under
    /// <see cref="GazslModelSelection.ValidationSplit"/> (see <see cref="TrainedClassCount(GazslTrainingData, GazslTrainingOptions)"/>).</summary>
    /// <exception cref="ArgumentException">Data, options or nets do not fit; the message names the field.</exception>
    public GazslTrainer(IGazslGenerator generator, ZslDiscriminator critic, GazslTrainingData data, GazslTrainingOptions? options = null, ILogger? logger = null)
        : this(generator, critic, data, options ?? new GazslTrainingOptions(), logger, ownsNets: false)
    {
    }

    private GazslTrainer(IGazslGenerator generator, ZslDiscriminator critic, GazslTrainingData data, GazslTrainingOptions options, ILogger? logger, bool ownsNets)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        data.Validate();
        int trained = TrainedClassCount(data, options);
        if (generator.ConditionSize != data.ConditionSize)
            throw new ArgumentException($"The generator reads conditions of size {generator.ConditionSize} but the data's have {data.ConditionSize}.", nameof(generator));
        if (generator.FeatureSize != data.FeatureSize)
            throw new ArgumentException($"The generator makes features of size {generator.FeatureSize} but the data's have {data.FeatureSize}.", nameof(generator));
        if (critic.Classes != trained)
            throw new ArgumentException($"The critic classifies {critic.Classes} classes but the run trains on {trained} seen classes" +
                (trained != data.SeenClasses ? $" ({data.SeenClasses} minus {data.SeenClasses - trained} held out for validation)." : "."), nameof(critic));
        CheckK(options, data, trained);
        Options = options;
        Data = data;
        Generator = generator;
        Critic = critic;
        _logger = logger ?? NullLogger.Instance;
        _ownsNets = ownsNets;
        _split = new GazslTrainingSplit(data, GazslTrainingSplit.ChooseHeldOut(data.SeenClasses, data.SeenClasses - trained, options.Seed));
        try
        {
            _sampler = new GazslBatchSampler(_split.Features.shape[0], options.BatchSize, options.ReferenceSampler);
            _generatorOptimizer = GazslSteps.CreateOptimizer(generator.Module, options.LearningRate, options.Beta1, options.Beta2);
            _criticOptimizer = GazslSteps.CreateOptimizer(critic, options.LearningRate, options.Beta1, options.Beta2);
            _steps = new GazslSteps(generator, critic, _generatorOptimizer, _criticOptimizer, options.LossWeights, options.CriticSteps) { Algorithm = options.StepAlgorithm };
            _rng = new Generator(unchecked((ulong)options.Seed), data.TrainFeatures.device);
        }
        catch
        {
            _split.Dispose();
            throw;
        }
    }

    /// <summary>Builds a generator (<see cref="GazslTrainingOptions.Generator"/>) and a critic with
    /// <see cref="GazslTrainingOptions.NetSizes"/>, Xavier-initialised from the seed, on the data's device, and a
    /// trainer that owns them (disposed with it).</summary>
    /// <exception cref="ArgumentException">Data or options do not fit.</exception>
    public static GazslTrainer Create(GazslTrainingData data, GazslTrainingOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new GazslTrainingOptions();
        options.Validate();
        data.Validate();
        int trained = TrainedClassCount(data, options);
        // Weights come from a generator of their own, so they do not depend on how many draws training makes.
        using var init = new Generator(unchecked((ulong)options.Seed ^ 0xD1B54A32D192ED03UL));
        IGazslGenerator? generator = null;
        ZslDiscriminator? critic = null;
        try
        {
            generator = options.Generator == GazslGeneratorKind.Text
                ? GazslTextGenerator.Create(data.ConditionSize, data.FeatureSize, options.NetSizes, init)
                : new GazslAttributeGenerator(data.ConditionSize, data.FeatureSize, options.NetSizes, init);
            critic = GazslNets.CreateCritic(data.FeatureSize, trained, options.NetSizes, init);
            generator.Module.to(data.TrainFeatures.device);
            critic.to(data.TrainFeatures.device);
            return new GazslTrainer(generator, critic, data, options, logger, ownsNets: true);
        }
        catch
        {
            generator?.Dispose();
            critic?.Dispose();
            throw;
        }
    }

    /// <summary>Seen classes the critic classifies under <paramref name="options"/>: all, or those not held out.</summary>
    public static int TrainedClassCount(GazslTrainingData data, GazslTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        return data.SeenClasses - options.ValidationClasses(data.SeenClasses);
    }

    /// <summary>The options.</summary>
    public GazslTrainingOptions Options { get; }

    /// <summary>The data.</summary>
    public GazslTrainingData Data { get; }

    /// <summary>The generator being trained (it holds the latest weights until <see cref="ApplySelectedWeights"/>).</summary>
    public IGazslGenerator Generator { get; }

    /// <summary>The critic.</summary>
    public ZslDiscriminator Critic { get; }

    /// <summary>Iterations completed (resumes included).</summary>
    public long Iteration { get; private set; }

    /// <summary>Sub-steps skipped for a non-finite loss (<see cref="GazslNonFiniteLossPolicy.SkipStep"/>).</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>Original indices of the seen classes held out for validation (empty unless
    /// <see cref="GazslModelSelection.ValidationSplit"/>).</summary>
    public IReadOnlyList<int> HeldOutClasses => _split.HeldOutClasses;

    /// <summary>Original indices of the seen classes trained on; the critic's class i is <c>TrainedClasses[i]</c>.</summary>
    public IReadOnlyList<int> TrainedClasses => _split.TrainedClasses;

    /// <summary>Every evaluation so far, in order.</summary>
    public IReadOnlyList<GazslEvaluation> Evaluations => _evaluations;

    /// <summary>The evaluation whose weights are kept, or null (<see cref="GazslModelSelection.Last"/>, or none yet).</summary>
    public GazslEvaluation? SelectedEvaluation => _selectedIndex is int i ? _evaluations[i] : null;

    /// <summary>Directory of the rolling checkpoint (periodic, final, on cancellation); null = none.</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>
    /// Trains until <paramref name="untilIteration"/> (capped at <see cref="GazslTrainingOptions.Iterations"/>; all of
    /// them when null) iterations are done in all. Cancellation stops at an iteration boundary; the rolling checkpoint
    /// is written at the end either way when <see cref="CheckpointDirectory"/> is set.
    /// </summary>
    /// <exception cref="GazslTrainingDivergedException">A loss became non-finite under <see cref="GazslNonFiniteLossPolicy.Throw"/>.</exception>
    public GazslTrainingResult Train(long? untilIteration = null, IProgress<GazslTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        long target = Math.Min(untilIteration ?? Options.Iterations, Options.Iterations);
        if (target < 0) throw new ArgumentOutOfRangeException(nameof(untilIteration), untilIteration, "untilIteration must not be negative.");
        using var threads = IntraOpThreads.Use(Options.Threads);
        SynchronizeFromPrimary();
        return TrainUntil(target, progress, cancellationToken);
    }

    private GazslTrainingResult TrainUntil(long target, IProgress<GazslTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long start = Iteration;
        bool cancelled = false;
        GazslIterationLosses? last = null;
        while (Iteration < target)
        {
            if (Collectives.ProcessGroupExtensions.AnyRank(_group, cancellationToken.IsCancellationRequested)) { cancelled = true; break; }
            try
            {
                last = RunIteration();
            }
            catch (System.Runtime.InteropServices.ExternalException e)
            {
                // A libtorch error: its message carries a native stack trace; keep the first line and say where.
                var checkpoint = _lastCheckpoint is { } c ? $" The last checkpoint, '{c.Directory}' (iteration {c.Iteration}), is intact." : "";
                throw new InvalidOperationException($"GAZSL iteration {Iteration + 1} failed in libtorch: {TorchSharpWorkarounds.NativeErrors.FirstLine(e.Message)}.{checkpoint}", e);
            }
            Iteration++;
            GazslEvaluation? evaluation = ShouldEvaluate(Iteration) ? EvaluateAndSelect() : null;
            if (Options.LogInterval > 0 && Iteration % Options.LogInterval == 0) LogLosses(last);
            var elapsed = clock.Elapsed;
            var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / (Iteration - start) * (target - Iteration));
            progress?.Report(new GazslTrainingProgress(Iteration, target, last, evaluation, SelectedEvaluation, SkippedSteps, elapsed, eta));
            if (Options.CheckpointInterval > 0 && Iteration % Options.CheckpointInterval == 0 && Iteration < target) SaveRollingCheckpoint();
        }
        SaveRollingCheckpoint();
        return new GazslTrainingResult(Iteration, cancelled, _evaluations.ToList(), SelectedEvaluation, last);
    }

    /// <summary>True when an evaluation runs after <paramref name="iteration"/> iterations are done: the reference's
    /// <c>it % interval == 0 and it &gt;= start</c> with <c>it = iteration − 1</c>, and after the last iteration.</summary>
    public bool ShouldEvaluate(long iteration)
    {
        long it = iteration - 1;
        return iteration == Options.Iterations
               || (Options.EvaluationInterval > 0 && it >= Options.EvaluationStart && it % Options.EvaluationInterval == 0);
    }

    /// <summary>Copies the selected weights into <see cref="Generator"/> (nothing to do under
    /// <see cref="GazslModelSelection.Last"/> or before any selection). Returns whether weights were copied.</summary>
    public bool ApplySelectedWeights()
    {
        if (_selectedState is null) return false;
        Nn.StateDicts.LoadStrict(Generator.Module, _selectedState);
        return true;
    }

    /// <summary>Disposes the optimisers, the random generator and the nets when <see cref="Create"/> built them.</summary>
    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _criticOptimizer.Dispose();
        _rng.Dispose();
        _split.Dispose();
        DisposeSelected();
        if (_ownsNets)
        {
            Generator.Dispose();
            Critic.Dispose();
        }
    }

    private void DisposeSelected()
    {
        if (_selectedState is null) return;
        foreach (var t in _selectedState.Values) t.Dispose();
        _selectedState = null;
    }

    private static void CheckK(GazslTrainingOptions options, GazslTrainingData data, int trained)
    {
        int smallest = Math.Min(data.UnseenClasses, trained == data.SeenClasses ? int.MaxValue : data.SeenClasses - trained);
        if ((long)options.K > (long)smallest * options.SamplesPerClass)
            throw new ArgumentException($"GazslTrainingOptions.K = {options.K} exceeds the {smallest * (long)options.SamplesPerClass} generated features " +
                $"of the smallest evaluated class set ({smallest} classes × {options.SamplesPerClass}).", nameof(options.K));
    }

    private void LogLosses(GazslIterationLosses losses)
    {
        var c = losses.Critic.Count > 0 ? losses.Critic[^1] : null;
        var g = losses.Generator;
        Log.LogInformation("GAZSL iteration {Iteration}/{Total}: Was_D {WasD:F4}, GP {Gp:F4}, G_loss {G:F4}, C_loss {C:F4}, Euc {Euc:F4}, reg {Reg:F4}, Wz {Wz:F4}",
            Iteration, Options.Iterations, c?.WassersteinDistance ?? double.NaN, c?.GradientPenalty ?? double.NaN,
            g.GLoss, g.CLoss, g.EuclideanLoss, g.RegLoss, g.RegWzLoss);
    }
}
