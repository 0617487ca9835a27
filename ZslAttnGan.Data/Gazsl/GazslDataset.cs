namespace ZslAttnGan.Data.Gazsl;

/// <summary>
/// A zero-shot dataset ready for GAZSL training and evaluation: visual features with 0-based labels within the seen
/// classes (training, and GBU's test-seen set) and within the unseen classes (test), plus one text or attribute
/// vector per class. Seen class k is <see cref="SeenClassIds"/>[k] in the source files (1-based, as stored), unseen
/// class k likewise. Produced by <see cref="ZslGanDatasetLoader"/> (CUB/NAB) and <see cref="GbuDatasetLoader"/>.
/// </summary>
public sealed record GazslDataset
{
    /// <summary>The folder the data came from.</summary>
    public required string Source { get; init; }

    /// <summary>Training features [N_train, X].</summary>
    public required FloatMatrix TrainFeatures { get; init; }

    /// <summary>Training labels in 0..SeenClassCount-1.</summary>
    public required long[] TrainLabels { get; init; }

    /// <summary>Test features of the unseen classes [N_test, X].</summary>
    public required FloatMatrix TestUnseenFeatures { get; init; }

    /// <summary>Test labels in 0..UnseenClassCount-1.</summary>
    public required long[] TestUnseenLabels { get; init; }

    /// <summary>Test features of the seen classes (GBU only; the CUB/NAB protocol uses the training set as the
    /// "seen test" set of its GZSL evaluation, so this is null there).</summary>
    public FloatMatrix? TestSeenFeatures { get; init; }

    /// <summary>Labels of <see cref="TestSeenFeatures"/> in 0..SeenClassCount-1 (GBU only).</summary>
    public long[]? TestSeenLabels { get; init; }

    /// <summary>The seen classes' ids as stored (1-based), in class-index order.</summary>
    public required long[] SeenClassIds { get; init; }

    /// <summary>The unseen classes' ids as stored (1-based), in class-index order.</summary>
    public required long[] UnseenClassIds { get; init; }

    /// <summary>Names of the seen classes when the files carry them (GBU's <c>allclasses_names</c>), else null.</summary>
    public IReadOnlyList<string>? SeenClassNames { get; init; }

    /// <summary>Names of the unseen classes when the files carry them, else null.</summary>
    public IReadOnlyList<string>? UnseenClassNames { get; init; }

    /// <summary>Text (TF-IDF) or attribute vectors of the seen classes [SeenClassIds.Length, D].</summary>
    public required FloatMatrix SeenClassEmbeddings { get; init; }

    /// <summary>Text or attribute vectors of the unseen classes [UnseenClassIds.Length, D].</summary>
    public required FloatMatrix UnseenClassEmbeddings { get; init; }

    /// <summary>Every class's vector, by 0-based stored id [C, D] (the whole <c>PredicateMatrix</c>, or <c>att</c> transposed).</summary>
    public required FloatMatrix AllClassEmbeddings { get; init; }

    /// <summary>Mean training feature per seen class [SeenClassCount, X], the targets of the generator's centroid
    /// (visual pivot) loss, computed from <see cref="TrainFeatures"/> after scaling.</summary>
    public required FloatMatrix TrainClassCentroids { get; init; }

    /// <summary>The number of seen classes the model should use (the critic's class count): the split's, unless
    /// <see cref="ZslGanClassCounts.ReferenceHardCoded"/> was asked for.</summary>
    public required int SeenClassCount { get; init; }

    /// <summary>The number of unseen classes (same rule).</summary>
    public required int UnseenClassCount { get; init; }

    /// <summary>The CUB/NAB scalar normalisation that was applied; null for GBU data.</summary>
    public FeatureNormalization? Normalization { get; init; }

    /// <summary>Visual feature dimension X.</summary>
    public int FeatureDim => TrainFeatures.Columns;

    /// <summary>Text or attribute dimension D.</summary>
    public int EmbeddingDim => SeenClassEmbeddings.Columns;
}
