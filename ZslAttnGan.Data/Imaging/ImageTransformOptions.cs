namespace ZslAttnGan.Data.Imaging;

/// <summary>How an image becomes the multi-scale tensors a batch carries (reference §6.5).</summary>
public sealed record ImageTransformOptions
{
    /// <summary>Output sizes, smallest first; the last is the crop size <c>imsize</c> (AttnGAN: 64, 128, 256; DAMSM: 299).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = new[] { 64, 128, 256 };

    /// <summary>Crop birds to 1.5× their bounding box first when the dataset has boxes (the reference does for CUB).</summary>
    public bool UseBoundingBoxes { get; init; } = true;

    /// <summary>Random crop position (reference, also at test time); false takes the centre crop.</summary>
    public bool RandomCrop { get; init; } = true;

    /// <summary>Random horizontal flip with probability 0.5 (reference, also at test time).</summary>
    public bool RandomFlip { get; init; } = true;

    /// <summary>Largest accepted width·height of a source image.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>The largest size (the crop).</summary>
    public int ImageSize => Sizes[^1];

    /// <summary>Shorter side after the first resize: ⌊imsize·76/64⌋ (304 for 256, 355 for 299).</summary>
    public int ResizeSize => ImageSize * 76 / 64;

    /// <summary>Throws when the sizes are not positive and increasing.</summary>
    public void Validate()
    {
        if (Sizes is null || Sizes.Count == 0) throw new ArgumentException("ImageTransformOptions.Sizes must list at least one size.", nameof(Sizes));
        for (int i = 0; i < Sizes.Count; i++)
        {
            if (Sizes[i] <= 0 || (i > 0 && Sizes[i] <= Sizes[i - 1]))
                throw new ArgumentException($"ImageTransformOptions.Sizes must be positive and increasing; got [{string.Join(", ", Sizes)}].", nameof(Sizes));
        }
        if (MaxPixels <= 0) throw new ArgumentException("ImageTransformOptions.MaxPixels must be positive.", nameof(MaxPixels));
    }
}
