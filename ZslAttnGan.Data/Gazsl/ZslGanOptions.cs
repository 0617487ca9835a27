namespace ZslAttnGan.Data.Gazsl;

/// <summary>How the CUB/NAB features are scaled after subtracting the scalar mean.</summary>
public enum ZslGanFeatureScaling
{
    /// <summary>Divide by the scalar population VARIANCE, as ZSL_GAN's <c>dataset.py</c> does (default, so that
    /// trained weights, learning rates and published numbers stay comparable). Not a z-score: with a variance above 1
    /// the features shrink, below 1 they grow.</summary>
    DivideByVariance,
    /// <summary>Divide by the scalar standard deviation (a true z-score over all entries); not the reference.</summary>
    DivideByStandardDeviation,
}

/// <summary>Where the number of seen and unseen classes comes from.</summary>
public enum ZslGanClassCounts
{
    /// <summary>The lengths of <c>train_cid</c> and <c>test_cid</c> in the split file (default; correct for any split).</summary>
    FromSplitFile,
    /// <summary>ZSL_GAN's hard-coded counts (CUB 150/50 easy, 160/40 hard; NAB 323/81): the critic's class count and
    /// the centroid rows follow them, rows of classes without training images are NaN, as in the reference. Only
    /// for reproducing the original on the real splits; labels beyond the hard-coded count are refused.</summary>
    ReferenceHardCoded,
}

/// <summary>Options of <see cref="ZslGanDatasetLoader"/>.</summary>
public sealed record ZslGanOptions
{
    /// <summary>Feature scaling (default: divide by the variance, as the reference).</summary>
    public ZslGanFeatureScaling Scaling { get; init; } = ZslGanFeatureScaling.DivideByVariance;

    /// <summary>Class counts (default: from the split file).</summary>
    public ZslGanClassCounts ClassCounts { get; init; } = ZslGanClassCounts.FromSplitFile;

    /// <summary>When true, <c>train_cid</c>/<c>test_cid</c> stored as double or single are refused, like the
    /// reference (whose <c>cid - 1</c> indexing raises IndexError on a float array). Default false: whole-number
    /// floating ids are accepted; fractional or out-of-range ids are always refused.</summary>
    public bool RequireIntegerTypedClassIds { get; init; }
}
