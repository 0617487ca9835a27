namespace ZslAttnGan.TextFeatures;

/// <summary>
/// How <see cref="TfIdf.Fit"/> weighs words. The defaults are scikit-learn's <c>TfidfVectorizer</c> defaults
/// (raw counts, smoothed idf = ln((1 + n) / (1 + df)) + 1, rows scaled to unit L2 norm), which is what most GAZSL
/// feature scripts used after their own tokenising.
/// </summary>
public sealed record TfIdfOptions
{
    /// <summary>A word must occur in at least this many documents (classes) to become a feature (default 1: every word).</summary>
    public int MinDocumentFrequency { get; init; } = 1;

    /// <summary>Words never used as features, compared after lower-casing (default: none). Zhu et al.'s features
    /// removed English stop words from Wikipedia articles; short captions mostly carry them in every class, where the
    /// idf already makes them nearly weightless.</summary>
    public IReadOnlySet<string> StopWords { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Use 1 + ln(count) instead of the raw count (scikit-learn's <c>sublinear_tf</c>).</summary>
    public bool SublinearTf { get; init; }

    /// <summary>Scale every document's vector to unit L2 norm (default true).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Keep only the this many most frequent words (over all documents; ties by word order), or null for all.</summary>
    public int? MaxFeatures { get; init; }

    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (MinDocumentFrequency < 1)
            throw new ArgumentOutOfRangeException(nameof(MinDocumentFrequency), MinDocumentFrequency, "MinDocumentFrequency must be at least 1.");
        if (MaxFeatures is < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxFeatures), MaxFeatures, "MaxFeatures must be at least 1 (or null for all words).");
        ArgumentNullException.ThrowIfNull(StopWords, nameof(StopWords));
    }
}
