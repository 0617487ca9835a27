namespace ZslAttnGan.Evaluation;

/// <summary>Where the evaluation data is: a CUB-format folder (CUB-200-2011 or the synthetic birds) and its zero-shot
/// class split.</summary>
public sealed record EvaluationDataset
{
    /// <summary>The CUB-format root (holding <c>images.txt</c>, or AttnGAN's data dir holding <c>CUB_200_2011/</c>).</summary>
    public required string Root { get; init; }

    /// <summary>File listing the unseen classes, one per line; null uses <c>&lt;root&gt;/unseen_classes.txt</c> when it
    /// exists, otherwise every class is seen and the zero-shot metrics are skipped.</summary>
    public string? UnseenClassesFile { get; init; }

    /// <summary>File listing the seen classes; null means every class not listed as unseen.</summary>
    public string? SeenClassesFile { get; init; }

    /// <summary>Captions per image in the caption files (10 for CUB and the synthetic birds).</summary>
    public int CaptionsPerImage { get; init; } = 10;
}
