namespace ZslAttnGan.Data.Synthetic;

/// <summary>Settings of the synthetic CUB-format bird set. The defaults write 50 species (10 unseen) × 25 images.</summary>
public sealed record SyntheticBirdsOptions
{
    /// <summary>Seed of every random choice; the same seed writes the same files.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>Number of species (at most 120 = 6 body × 5 other wing × 4 head colours).</summary>
    public int Species { get; init; } = 50;

    /// <summary>Species held out for zero-shot evaluation (new combinations of seen attribute values).</summary>
    public int UnseenSpecies { get; init; } = 10;

    /// <summary>Images per species.</summary>
    public int ImagesPerSpecies { get; init; } = 25;

    /// <summary>Image width and height in pixels.</summary>
    public int ImageSize { get; init; } = 128;

    /// <summary>Captions per image.</summary>
    public int CaptionsPerImage { get; init; } = 10;

    /// <summary>Write PNG instead of JPEG.</summary>
    public bool Png { get; init; }

    /// <summary>JPEG quality (1–100).</summary>
    public int JpegQuality { get; init; } = 90;

    /// <summary>Share of each species' images marked "train" in train_test_split.txt.</summary>
    public double TrainFraction { get; init; } = 0.8;

    /// <summary>
    /// Whether half of the birds face left (mirrored). Off, every bird faces right: one pose fewer for a small generator
    /// to learn, the attribute task unchanged.
    /// </summary>
    public bool MirroredBirds { get; init; } = true;

    /// <summary>Largest tilt of a bird's body in radians, either way (0 draws every bird level).</summary>
    public double MaxTilt { get; init; } = 0.25;

    /// <summary>
    /// Whether backgrounds carry clutter: a ground band below a random horizon and 1–4 shaded discs. Off, a background
    /// is its habitat's sky gradient with light pixel noise; the habitat (and so the caption's words for it) is unchanged.
    /// </summary>
    public bool BackgroundClutter { get; init; } = true;

    /// <summary>Parallel writers (default: the processor count). Output does not depend on it.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Species < 2 || Species > 120) throw new ArgumentException($"Species must be in 2..120 (got {Species}).", nameof(Species));
        if (UnseenSpecies < 0 || UnseenSpecies >= Species) throw new ArgumentException($"UnseenSpecies must be in 0..Species-1 (got {UnseenSpecies}).", nameof(UnseenSpecies));
        if (ImagesPerSpecies < 1) throw new ArgumentException("ImagesPerSpecies must be positive.", nameof(ImagesPerSpecies));
        if (ImageSize < 32) throw new ArgumentException("ImageSize must be at least 32.", nameof(ImageSize));
        if (CaptionsPerImage < 1) throw new ArgumentException("CaptionsPerImage must be positive.", nameof(CaptionsPerImage));
        if (JpegQuality is < 1 or > 100) throw new ArgumentException("JpegQuality must be in 1..100.", nameof(JpegQuality));
        if (TrainFraction is < 0 or > 1) throw new ArgumentException("TrainFraction must be in [0, 1].", nameof(TrainFraction));
        if (!(MaxTilt >= 0 && MaxTilt <= Math.PI / 2)) throw new ArgumentException($"MaxTilt must be in [0, π/2] radians (got {MaxTilt}).", nameof(MaxTilt));
        if (Workers < 1) throw new ArgumentException("Workers must be positive.", nameof(Workers));
    }
}
