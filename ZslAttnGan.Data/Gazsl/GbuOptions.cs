namespace ZslAttnGan.Data.Gazsl;

/// <summary>Feature preprocessing of the GBU loader (<c>train_GBU.py</c>'s <c>--preprocessing</c> and
/// <c>--standardization</c>).</summary>
public enum GbuPreprocessing
{
    /// <summary>Features as stored, cast to float32 (the reference default).</summary>
    None,
    /// <summary><c>--preprocessing</c>: scikit-learn's MinMaxScaler fitted on the training rows and applied to every
    /// set, then everything multiplied by 1 / max(scaled training features).</summary>
    MinMax,
    /// <summary><c>--preprocessing --standardization</c>: StandardScaler (per-dimension mean and population std,
    /// fitted on the training rows) instead of MinMaxScaler, then the same 1 / max(training) factor. The reference's
    /// <c>--standardization</c> without <c>--preprocessing</c> does nothing.</summary>
    Standardize,
}

/// <summary>Options of <see cref="GbuDatasetLoader"/>.</summary>
public sealed record GbuOptions
{
    /// <summary>Dataset folder name under the GBU root (<c>--dataset</c>; CUB, SUN, AWA1, AWA2, APY, FLO, …).</summary>
    public string Dataset { get; init; } = "CUB1";

    /// <summary>Image feature file stem (<c>--image_embedding</c>): <c>&lt;dataset&gt;/res101.mat</c>.</summary>
    public string ImageEmbedding { get; init; } = "res101";

    /// <summary>Class embedding stem (<c>--class_embedding</c>): <c>&lt;dataset&gt;/att_splits.mat</c>, key <c>att</c>.</summary>
    public string ClassEmbedding { get; init; } = "att";

    /// <summary>Feature preprocessing (default none, as the reference).</summary>
    public GbuPreprocessing Preprocessing { get; init; } = GbuPreprocessing.None;

    /// <summary><c>--validation</c>: train on <c>train_loc</c> and test on the held-out classes of <c>val_loc</c>
    /// (no test-seen set), the preprocessing fitted on <c>train_loc</c>. The reference crashes in this mode
    /// (it never sets test_seen_label, then maps it).</summary>
    public bool Validation { get; init; }
}
