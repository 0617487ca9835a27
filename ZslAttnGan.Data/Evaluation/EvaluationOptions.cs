using ZslAttnGan.Collectives;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// What an evaluation measures and with how many samples. The defaults suit the synthetic birds on a CPU (a small
/// model evaluates in seconds); raise the sample counts for paper-comparable numbers on CUB (R-precision: 30,000
/// trials; FID: all test images).
/// </summary>
public sealed record EvaluationOptions
{
    /// <summary>Seed of every choice (which images and captions, noise, mismatched captions, folds): same seed, same report.</summary>
    public int Seed { get; init; }

    /// <summary>Metric names to run (see <see cref="MetricRegistry"/>); null runs every registered metric that applies.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>Generated images per split (one per sampled held-out/unseen image and caption), shared by R-precision,
    /// FID, IS and attribute accuracy.</summary>
    public int SamplesPerSplit { get; init; } = 100;

    /// <summary>R-precision pool size (1 true + PoolSize − 1 mismatched; the papers: 100).</summary>
    public int RPrecisionPoolSize { get; init; } = 100;

    /// <summary>R-precision folds (the papers: 10).</summary>
    public int RPrecisionFolds { get; init; } = 10;

    /// <summary>Sentence codes generated per class for zero-shot classification (ZSL-GAN: 60).</summary>
    public int ZslCodesPerClass { get; init; } = 60;

    /// <summary>Neighbours of the k-NN vote (ZSL-GAN: 20).</summary>
    public int ZslNeighbours { get; init; } = 20;

    /// <summary>Real query images per class at most for the zero-shot metrics (null: all).</summary>
    public int? ZslQueriesPerClass { get; init; } = 50;

    /// <summary>Inception-v3 weights (torchvision state dict as safetensors) for FID; null skips FID.</summary>
    public string? FidWeightsFile { get; init; }

    /// <summary>Real images per split for the FID reference statistics at most (null: all images of the split).</summary>
    public int? FidReferenceImages { get; init; }

    /// <summary>Where FID reference statistics are cached; null means <c>&lt;dataset&gt;/fid_cache</c>.</summary>
    public string? FidCacheDirectory { get; init; }

    /// <summary>Classifier for the Inception Score (images [B, 3, H, W] in [−1, 1] → logits [B, K]); null skips IS. For CUB
    /// numbers comparable with the papers it must be the Inception-v3 fine-tuned on CUB.</summary>
    public nn.Module<Tensor, Tensor>? InceptionScoreClassifier { get; init; }

    /// <summary>Size images are resized to before the IS classifier (null: passed at the generator's size).</summary>
    public int? InceptionScoreImageSize { get; init; } = 299;

    /// <summary>Splits of the Inception Score (the papers: 10; fewer when there are fewer images).</summary>
    public int InceptionScoreSplits { get; init; } = 10;

    /// <summary>The attribute classifier of attribute accuracy.</summary>
    public AttributeClassifierOptions AttributeClassifier { get; init; } = new();

    /// <summary>Longest caption fed to the text encoder (longer ones keep their first words).</summary>
    public int MaxWords { get; init; } = 18;

    /// <summary>Rows per forward pass.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Image decoding threads (0: the processor count).</summary>
    public int Workers { get; init; }

    /// <summary>The ranks that evaluate together (default: this process alone). With more than one rank, every rank runs
    /// the same evaluation on its own copy of the model: each generates and measures its shard of every sample
    /// (<see cref="EvaluationShards"/>), the metrics merge their partial statistics through the group, and every rank
    /// returns the report a single process would give (counts exactly, Fréchet distances and the Inception Score up to
    /// float64 rounding). Only rank 0 writes caches; save the report on rank 0 only.</summary>
    public IProcessGroup ProcessGroup { get; init; } = SingleProcessGroup.Instance;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (SamplesPerSplit < 2) throw new ArgumentOutOfRangeException(nameof(SamplesPerSplit), SamplesPerSplit, "SamplesPerSplit must be at least 2.");
        if (RPrecisionPoolSize < 2) throw new ArgumentOutOfRangeException(nameof(RPrecisionPoolSize), RPrecisionPoolSize, "RPrecisionPoolSize must be at least 2.");
        if (RPrecisionFolds < 1) throw new ArgumentOutOfRangeException(nameof(RPrecisionFolds), RPrecisionFolds, "RPrecisionFolds must be at least 1.");
        if (ZslCodesPerClass < 1) throw new ArgumentOutOfRangeException(nameof(ZslCodesPerClass), ZslCodesPerClass, "ZslCodesPerClass must be positive.");
        if (ZslNeighbours < 1) throw new ArgumentOutOfRangeException(nameof(ZslNeighbours), ZslNeighbours, "ZslNeighbours must be positive.");
        if (ZslQueriesPerClass is < 1) throw new ArgumentOutOfRangeException(nameof(ZslQueriesPerClass), ZslQueriesPerClass, "ZslQueriesPerClass must be positive.");
        if (FidReferenceImages is < 2) throw new ArgumentOutOfRangeException(nameof(FidReferenceImages), FidReferenceImages, "FidReferenceImages must be at least 2.");
        if (InceptionScoreSplits < 1) throw new ArgumentOutOfRangeException(nameof(InceptionScoreSplits), InceptionScoreSplits, "InceptionScoreSplits must be positive.");
        if (MaxWords < 1) throw new ArgumentOutOfRangeException(nameof(MaxWords), MaxWords, "MaxWords must be positive.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be positive.");
        if (Workers < 0) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "Workers must not be negative.");
        ArgumentNullException.ThrowIfNull(AttributeClassifier);
        ArgumentNullException.ThrowIfNull(ProcessGroup);
        AttributeClassifier.Validate();
    }
}
