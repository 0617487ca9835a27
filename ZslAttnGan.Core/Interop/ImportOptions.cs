using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Interop;

/// <summary>How reference weights are imported.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// When a component is missing (no image encoder, no discriminator for some size, no ZSL discriminator, no
    /// generator), keep a freshly initialised one and say so in the summary, instead of failing (the default). The
    /// text encoder is always required: it fixes the vocabulary and the mode.
    /// </summary>
    public bool AllowMissingComponents { get; init; }

    /// <summary>
    /// <see cref="Generation.GeneratorOptions.ReplicateMaskBug"/> of the imported generator. Default true: AttnGAN's
    /// released generators and the seed's were trained with the attention-mask tiling bug (attngan.md §3.3), so their
    /// outputs are faithful only with it. It matters only for batches of captions of different lengths.
    /// </summary>
    public bool ReplicateMaskBug { get; init; } = true;

    /// <summary>
    /// Shapes of missing components and the options no weight records (text dropout, the ZSL generator's noise order and
    /// init, image-encoder resize and BatchNorm behaviour). Null uses the preset of the detected mode:
    /// <see cref="Presets.ZslAttnGanCub"/> or <see cref="Presets.AttnGanCub"/>. Everything the weights show overrides it.
    /// </summary>
    public ModelOptions? BaseOptions { get; init; }

    /// <summary>Classes of a freshly initialised ZSL discriminator (when none is imported). Null: 200 (CUB, the seed's
    /// NUM_CLASSES) in ZSL-AttnGAN mode; AttnGAN mode has no ZSL discriminator and records 1.</summary>
    public int? ClassCount { get; init; }

    /// <summary>Seed of the fresh initialisation of missing components.</summary>
    public long Seed { get; init; }
}
