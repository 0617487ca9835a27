namespace ZslAttnGan.Gazsl.Training;

/// <summary>Which generator weights <see cref="GazslTrainer"/> keeps as its result (<see cref="GazslTrainer.ApplySelectedWeights"/>).</summary>
public enum GazslModelSelection
{
    /// <summary>
    /// Default. Some SEEN classes are held out as pseudo-unseen classes (<see cref="GazslTrainingOptions.ValidationClassCount"/>
    /// or <see cref="GazslTrainingOptions.ValidationClassFraction"/>, chosen by a permutation drawn from
    /// <see cref="GazslTrainingOptions.Seed"/>): their features and labels are removed from training (the critic
    /// classifies the remaining seen classes only, the centroids are those of the remaining classes), and at each
    /// evaluation the zero-shot K-NN accuracy on ALL their training features, against features generated from their
    /// conditions, selects the kept weights (the first best wins). Test data never influence the result. The kept model
    /// has not seen the held-out classes; to use every seen class, train again with <see cref="Last"/> and the
    /// selected iteration count.
    /// </summary>
    ValidationSplit = 0,

    /// <summary>The weights after the last iteration; every seen class is trained on.</summary>
    Last = 1,

    /// <summary>
    /// The original code's behaviour: the weights with the best zero-shot accuracy on the unseen TEST set. Optimistic
    /// (it tunes on the test set); only for comparing with published numbers.
    /// </summary>
    TestSetLikeReference = 2,
}

/// <summary>What <see cref="GazslTrainer"/> does when a loss is NaN or infinite (checked before each optimiser step).</summary>
public enum GazslNonFiniteLossPolicy
{
    /// <summary>Stop with <see cref="GazslTrainingDivergedException"/>; the sub-step's optimiser step is not taken.</summary>
    Throw = 0,

    /// <summary>Skip that sub-step's optimiser step, log a warning and count it in
    /// <see cref="GazslTrainingProgress.SkippedSteps"/>.</summary>
    SkipStep = 1,
}

/// <summary>Which generator <see cref="GazslTrainer.Create"/> builds.</summary>
public enum GazslGeneratorKind
{
    /// <summary><c>_netG</c> (CUB/NAB): text reduced by a Linear layer, with the L2,1 regulariser.</summary>
    Text = 0,

    /// <summary><c>_netG_att</c> (GBU): the attribute vector enters directly.</summary>
    Attribute = 1,
}

/// <summary>
/// Options of a GAZSL training run. Defaults are <c>train_CUB.py</c>'s (see <see cref="GazslPresets"/>). Fields marked
/// "optimisation" define the run and must be equal when resuming (<see cref="OptimisationDifference"/>); the others
/// (iterations, intervals, threads, non-finite policy) form the schedule and may change on resume.
/// </summary>
public sealed record GazslTrainingOptions
{
    /// <summary>Outer iterations (the reference's loop runs 3001: it = 0..3000). Schedule.</summary>
    public int Iterations { get; init; } = 3001;

    /// <summary>Batch size of every sub-step (1000; GBU 1024). Optimisation. Larger than the training set: the whole set.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Adam learning rate of both nets (1e-4). Optimisation.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Adam β1 (0.5). Optimisation.</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam β2 (0.9). Optimisation.</summary>
    public double Beta2 { get; init; } = 0.9;

    /// <summary>Critic sub-steps per outer iteration (5). Optimisation.</summary>
    public int CriticSteps { get; init; } = 5;

    /// <summary>Loss weights (CUB/NAB by default). Optimisation.</summary>
    public GazslLossWeights LossWeights { get; init; } = GazslLossWeights.Cub;

    /// <summary>Net widths used by <see cref="GazslTrainer.Create"/> (the reference's by default). Optimisation.</summary>
    public GazslNetSizes NetSizes { get; init; } = GazslNetSizes.Reference;

    /// <summary>Generator built by <see cref="GazslTrainer.Create"/>. Optimisation.</summary>
    public GazslGeneratorKind Generator { get; init; } = GazslGeneratorKind.Text;

    /// <summary>Seed of the weights (<see cref="GazslTrainer.Create"/>), the batches, the noise, the validation classes
    /// and the evaluation draws. Optimisation.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>
    /// False (default): each epoch is a fresh permutation of the training set and every sample is used once per
    /// epoch; a batch crossing the end of a permutation takes the rest of it and the head of the next one. True: the
    /// reference's <c>FeatDataLayer</c>, which reshuffles as soon as <c>cur + B ≥ N</c> and so never uses the tail of a
    /// permutation (nor an exactly fitting last batch). Optimisation.
    /// </summary>
    public bool ReferenceSampler { get; init; }

    /// <summary>Evaluate after iteration index <c>it</c> (0-based) when <c>it % EvaluationInterval == 0</c> and
    /// <c>it ≥ </c><see cref="EvaluationStart"/>, and always after the last iteration; 0 = only after the last. The
    /// reference: every 40 from 100 (<c>evl_interval</c>). Schedule.</summary>
    public int EvaluationInterval { get; init; } = 40;

    /// <summary>First iteration index that may be evaluated (the reference's <c>it &gt;= 100</c>). Schedule.</summary>
    public int EvaluationStart { get; init; } = 100;

    /// <summary>Generated features per class at evaluation (<c>nSample</c>, 60). Optimisation (it drives selection).</summary>
    public int SamplesPerClass { get; init; } = 60;

    /// <summary>Neighbours of the K-NN vote (<c>Knn</c>, 20). Optimisation (it drives selection).</summary>
    public int K { get; init; } = 20;

    /// <summary>True: the accuracy that selects (and is logged first) is the mean per-class accuracy (GBU); false: per
    /// sample (CUB/NAB). Optimisation.</summary>
    public bool MeanPerClassAccuracy { get; init; }

    /// <summary>How the kept generator weights are chosen. Optimisation.</summary>
    public GazslModelSelection ModelSelection { get; init; } = GazslModelSelection.ValidationSplit;

    /// <summary>Number of seen classes held out under <see cref="GazslModelSelection.ValidationSplit"/>; 0: use
    /// <see cref="ValidationClassFraction"/>. Optimisation.</summary>
    public int ValidationClassCount { get; init; }

    /// <summary>Fraction of the seen classes held out when <see cref="ValidationClassCount"/> is 0: round(fraction·C_s),
    /// at least 1, at most C_s − 2 (two classes must stay to train a classifier). Optimisation.</summary>
    public double ValidationClassFraction { get; init; } = 0.2;

    /// <summary>Write the rolling checkpoint every this many iterations (when a directory is set); 0 = only at the end
    /// and on cancellation. Schedule.</summary>
    public int CheckpointInterval { get; init; } = 200;

    /// <summary>Log losses every this many iterations; 0 = never (the reference: 20). Schedule.</summary>
    public int LogInterval { get; init; } = 20;

    /// <summary>libtorch intra-op threads during <see cref="GazslTrainer.Train"/>, and OpenBLAS's when
    /// <see cref="TorchSharpWorkarounds.MatrixLibrary"/> routes products to it (the previous counts are restored
    /// afterwards); 0 = leave the process's setting. Small nets often run faster on 1 thread, and much faster on a busy
    /// machine, where threads wait for each other at every operation. Schedule.</summary>
    public int Threads { get; init; }

    /// <summary>How each critic step computes its gradients (<see cref="GazslStepAlgorithm.Fused"/>: about 30 % less time
    /// per iteration at the CUB shapes; <see cref="GazslStepAlgorithm.Reference"/>: the original's passes). The same
    /// objective either way; they differ by float rounding, so this is part of the optimisation (a resumed run must
    /// keep it to stay bit-identical).</summary>
    public GazslStepAlgorithm StepAlgorithm { get; init; } = GazslStepAlgorithm.Fused;

    /// <summary>What a NaN or infinite loss does. Schedule.</summary>
    public GazslNonFiniteLossPolicy NonFiniteLoss { get; init; } = GazslNonFiniteLossPolicy.Throw;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the field.</exception>
    public void Validate()
    {
        Positive(Iterations, nameof(Iterations));
        Positive(BatchSize, nameof(BatchSize));
        Positive(CriticSteps, nameof(CriticSteps));
        Positive(SamplesPerClass, nameof(SamplesPerClass));
        Positive(K, nameof(K));
        NonNegative(EvaluationInterval, nameof(EvaluationInterval));
        NonNegative(EvaluationStart, nameof(EvaluationStart));
        NonNegative(ValidationClassCount, nameof(ValidationClassCount));
        NonNegative(CheckpointInterval, nameof(CheckpointInterval));
        NonNegative(LogInterval, nameof(LogInterval));
        NonNegative(Threads, nameof(Threads));
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) Fail(nameof(LearningRate), LearningRate, "must be positive and finite");
        if (Beta1 is < 0 or >= 1 || double.IsNaN(Beta1)) Fail(nameof(Beta1), Beta1, "must lie in [0, 1)");
        if (Beta2 is < 0 or >= 1 || double.IsNaN(Beta2)) Fail(nameof(Beta2), Beta2, "must lie in [0, 1)");
        if (!(ValidationClassFraction is > 0 and < 1)) Fail(nameof(ValidationClassFraction), ValidationClassFraction, "must lie in (0, 1)");
        if (LossWeights is null) throw new ArgumentException($"GazslTrainingOptions.{nameof(LossWeights)} must not be null.", nameof(LossWeights));
        if (NetSizes is null) throw new ArgumentException($"GazslTrainingOptions.{nameof(NetSizes)} must not be null.", nameof(NetSizes));
        LossWeights.Validate();
        NetSizes.Validate();
        if (!Enum.IsDefined(ModelSelection)) Fail(nameof(ModelSelection), (int)ModelSelection, "is not defined");
        if (!Enum.IsDefined(NonFiniteLoss)) Fail(nameof(NonFiniteLoss), (int)NonFiniteLoss, "is not defined");
        if (!Enum.IsDefined(Generator)) Fail(nameof(Generator), (int)Generator, "is not defined");
        if (!Enum.IsDefined(StepAlgorithm)) Fail(nameof(StepAlgorithm), (int)StepAlgorithm, "is not defined");
    }

    /// <summary>Number of seen classes held out for validation out of <paramref name="seenClasses"/> (0 unless
    /// <see cref="GazslModelSelection.ValidationSplit"/>).</summary>
    /// <exception cref="ArgumentException">Fewer than 3 seen classes, or the count leaves fewer than 2 for training.</exception>
    public int ValidationClasses(int seenClasses)
    {
        if (ModelSelection != GazslModelSelection.ValidationSplit) return 0;
        int count = ValidationClassCount > 0
            ? ValidationClassCount
            : Math.Clamp((int)Math.Round(ValidationClassFraction * seenClasses, MidpointRounding.AwayFromZero), 1, Math.Max(1, seenClasses - 2));
        if (seenClasses - count < 2)
            throw new ArgumentException($"GazslTrainingOptions.{nameof(ModelSelection)} = ValidationSplit holds out {count} of {seenClasses} seen classes, " +
                "leaving fewer than 2 to train on; lower ValidationClassCount or use ModelSelection.Last.", nameof(ValidationClassCount));
        return count;
    }

    /// <summary>The first optimisation field that differs from <paramref name="other"/>'s, or null when the two runs
    /// optimise identically (only the schedule differs).</summary>
    public string? OptimisationDifference(GazslTrainingOptions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var fields = new (string Name, object A, object B)[]
        {
            (nameof(BatchSize), BatchSize, other.BatchSize), (nameof(LearningRate), LearningRate, other.LearningRate),
            (nameof(Beta1), Beta1, other.Beta1), (nameof(Beta2), Beta2, other.Beta2),
            (nameof(CriticSteps), CriticSteps, other.CriticSteps), (nameof(LossWeights), LossWeights, other.LossWeights),
            (nameof(NetSizes), NetSizes, other.NetSizes), (nameof(Generator), Generator, other.Generator),
            (nameof(Seed), Seed, other.Seed), (nameof(ReferenceSampler), ReferenceSampler, other.ReferenceSampler),
            (nameof(SamplesPerClass), SamplesPerClass, other.SamplesPerClass), (nameof(K), K, other.K),
            (nameof(MeanPerClassAccuracy), MeanPerClassAccuracy, other.MeanPerClassAccuracy),
            (nameof(ModelSelection), ModelSelection, other.ModelSelection),
            (nameof(ValidationClassCount), ValidationClassCount, other.ValidationClassCount),
            (nameof(ValidationClassFraction), ValidationClassFraction, other.ValidationClassFraction),
            (nameof(StepAlgorithm), StepAlgorithm, other.StepAlgorithm),
        };
        return fields.FirstOrDefault(f => !Equals(f.A, f.B)).Name;
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0) Fail(name, value, "must be positive");
    }

    private static void NonNegative(int value, string name)
    {
        if (value < 0) Fail(name, value, "must not be negative");
    }

    private static void Fail(string name, object value, string rule) =>
        throw new ArgumentException($"GazslTrainingOptions.{name} {rule} but is {value}.", name);
}
