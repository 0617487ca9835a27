using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Imaging;

/// <summary>Layout and look of an <see cref="AttentionGrid"/> preview.</summary>
public sealed record AttentionGridOptions
{
    /// <summary>At most this many samples (rows) are drawn, the first ones of the batch.</summary>
    public int MaxSamples { get; init; } = 8;

    /// <summary>At most this many word cells per attention row (CUB captions have ≤ 18 words). The "max" cell still
    /// covers all of the caption's words.</summary>
    public int MaxWords { get; init; } = 18;

    /// <summary>Side in pixels of every cell; images and attention maps are resized to it.</summary>
    public int CellSize { get; init; } = 128;

    /// <summary>Integer scale of the <see cref="BitmapFont"/> (2 gives 10×16-pixel glyphs).</summary>
    public int FontScale { get; init; } = 2;

    /// <summary>Pixels between neighbouring cells.</summary>
    public int Gap { get; init; } = 4;

    /// <summary>Pixels around the whole grid and between samples.</summary>
    public int Margin { get; init; } = 8;

    /// <summary>Weight of the heat colour over the image in attention cells (0 = image only, 1 = heat only).</summary>
    public float AttentionAlpha { get; init; } = 0.8f;

    /// <summary>How generated images are enlarged to <see cref="CellSize"/>. Attention maps are always bilinear, as
    /// the reference's smooth upsampling, so their blocks do not suggest more precision than they have.</summary>
    public UpsampleMode ImageUpsampling { get; init; } = UpsampleMode.Nearest;

    /// <summary>Background colour.</summary>
    public Rgb24 Background { get; init; } = new(255, 255, 255);

    /// <summary>Colour of captions and labels.</summary>
    public Rgb24 TextColour { get; init; } = new(0, 0, 0);

    /// <summary>Colour of the line separating samples.</summary>
    public Rgb24 SeparatorColour { get; init; } = new(200, 200, 200);

    /// <summary>Draw a key above the grid (the heat colours from low to high and how the maps are scaled) when there
    /// are attention rows.</summary>
    public bool Legend { get; init; } = true;

    /// <summary>Checks every value and throws <see cref="ArgumentOutOfRangeException"/> naming the first bad one.</summary>
    public void Validate()
    {
        Positive(MaxSamples, nameof(MaxSamples));
        Positive(MaxWords, nameof(MaxWords));
        Positive(CellSize, nameof(CellSize));
        Positive(FontScale, nameof(FontScale));
        NonNegative(Gap, nameof(Gap));
        NonNegative(Margin, nameof(Margin));
        if (!(AttentionAlpha >= 0f && AttentionAlpha <= 1f))
            throw new ArgumentOutOfRangeException(nameof(AttentionAlpha), AttentionAlpha, "AttentionAlpha must lie in [0, 1].");
        if (!Enum.IsDefined(ImageUpsampling))
            throw new ArgumentOutOfRangeException(nameof(ImageUpsampling), ImageUpsampling, "Unknown upsampling mode.");
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
    }

    private static void NonNegative(int value, string name)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative.");
    }
}
