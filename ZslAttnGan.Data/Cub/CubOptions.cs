using ZslAttnGan.Text;

namespace ZslAttnGan.Data.Cub;

/// <summary>Where CUB-200-2011 is and which part of it to load.</summary>
public sealed record CubOptions
{
    /// <summary>The folder holding <c>images.txt</c> (CUB_200_2011), or AttnGAN's data dir holding <c>CUB_200_2011/</c>.</summary>
    public required string Root { get; init; }

    /// <summary>Which images (default: all).</summary>
    public CubSplit Split { get; init; } = CubSplit.All;

    /// <summary>Captions kept per image (TEXT.CAPTIONS_PER_IMAGE).</summary>
    public int CaptionsPerImage { get; init; } = Tokenizer.DefaultCaptionsPerImage;

    /// <summary>A vocabulary to encode with (e.g. a checkpoint's); null builds one from every caption file listed in
    /// <c>images.txt</c>, in that order, so all splits of one root share the same ids.</summary>
    public Vocabulary? Vocabulary { get; init; }

    /// <summary>Minimum word count when building the vocabulary (1 = every word, the reference).</summary>
    public int MinWordCount { get; init; } = 1;

    /// <summary>
    /// Reproduce AttnGAN's caption-loading code: a caption line whose words are all non-ASCII (e.g. only CJK text and a
    /// dash) is kept as an empty caption and counted toward <see cref="CaptionsPerImage"/>, so the file's next line is
    /// not read; the empty caption is then left out and reported. False (default) follows attngan.md §6.3: such a line
    /// is skipped like a blank line and the next line is read.
    /// </summary>
    public bool ReplicateEmptyCaptionBug { get; init; }

    /// <summary>What happens to an image whose caption file is missing or has no usable caption.</summary>
    public BadItemPolicy BadItems { get; init; } = BadItemPolicy.Throw;

    /// <summary>Ground-truth attributes JSON (the synthetic set's <c>attributes.json</c>); null reads
    /// <c>&lt;root&gt;/attributes.json</c> when it exists.</summary>
    public string? AttributesFile { get; init; }
}
