using ZslAttnGan.Text;

namespace ZslAttnGan.Data.Coco;

/// <summary>Where MS-COCO 2014 is and which split to load.</summary>
public sealed record CocoOptions
{
    /// <summary>The COCO folder: the official layout (<c>annotations/captions_{train,val}2014.json</c>,
    /// <c>{train,val}2014/</c>) or AttnGAN's (<c>{train,test}/filenames.pickle</c>, <c>text/</c>, <c>images/</c>).</summary>
    public required string Root { get; init; }

    /// <summary>"train" or "val" ("test" is accepted as AttnGAN's name for val2014).</summary>
    public string Split { get; init; } = "train";

    /// <summary>Captions kept per image (AttnGAN: 5).</summary>
    public int CaptionsPerImage { get; init; } = 5;

    /// <summary>A vocabulary to encode with; null builds one from train then val captions (AttnGAN: captions.pickle when present).</summary>
    public Vocabulary? Vocabulary { get; init; }

    /// <summary>Minimum word count when building the vocabulary (1 = every word, the reference).</summary>
    public int MinWordCount { get; init; } = 1;

    /// <summary>Give each image a primary category (its largest-area object) from <c>instances_*.json</c>, so class
    /// masking and class splits work; false keeps the reference's one-class-per-image ids.</summary>
    public bool UsePrimaryCategory { get; init; } = true;

    /// <summary>The instances file; null uses <c>annotations/instances_&lt;split&gt;2014.json</c> when it exists.</summary>
    public string? InstancesFile { get; init; }

    /// <summary>Reproduce AttnGAN's caption-loading code: a caption without any ASCII word is kept as an empty caption
    /// and counted toward <see cref="CaptionsPerImage"/> (then left out and reported) instead of being skipped so that
    /// the next caption is read; see <see cref="Cub.CubOptions.ReplicateEmptyCaptionBug"/>.</summary>
    public bool ReplicateEmptyCaptionBug { get; init; }

    /// <summary>What happens to an image without usable captions or with a missing caption file.</summary>
    public BadItemPolicy BadItems { get; init; } = BadItemPolicy.Throw;

    internal string OfficialSplit => Split switch
    {
        "train" => "train",
        "val" or "test" => "val",
        _ => throw new ArgumentException($"CocoOptions.Split must be 'train' or 'val' (or 'test'), not '{Split}'.", nameof(Split)),
    };
}
