using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Imaging;

/// <summary>Layout and look of an <see cref="ImageGrid"/>.</summary>
public sealed record ImageGridOptions
{
    /// <summary>Side in pixels of every (square) cell; null keeps the largest image's width and height.</summary>
    public int? CellSize { get; init; }

    /// <summary>Integer scale of the <see cref="BitmapFont"/> used for the title and labels.</summary>
    public int FontScale { get; init; } = 2;

    /// <summary>Pixels between neighbouring cells.</summary>
    public int Gap { get; init; } = 4;

    /// <summary>Pixels around the whole grid.</summary>
    public int Margin { get; init; } = 8;

    /// <summary>Optional text above the grid (for example the caption all samples were generated from); wrapped to
    /// the grid width.</summary>
    public string? Title { get; init; }

    /// <summary>How images are resized to the cell.</summary>
    public UpsampleMode Upsampling { get; init; } = UpsampleMode.Nearest;

    /// <summary>Background colour.</summary>
    public Rgb24 Background { get; init; } = new(255, 255, 255);

    /// <summary>Colour of the title and labels.</summary>
    public Rgb24 TextColour { get; init; } = new(0, 0, 0);

    /// <summary>Checks every value and throws <see cref="ArgumentOutOfRangeException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (CellSize is <= 0) throw new ArgumentOutOfRangeException(nameof(CellSize), CellSize, "CellSize must be positive.");
        if (FontScale <= 0) throw new ArgumentOutOfRangeException(nameof(FontScale), FontScale, "FontScale must be positive.");
        if (Gap < 0) throw new ArgumentOutOfRangeException(nameof(Gap), Gap, "Gap must not be negative.");
        if (Margin < 0) throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "Margin must not be negative.");
        if (!Enum.IsDefined(Upsampling))
            throw new ArgumentOutOfRangeException(nameof(Upsampling), Upsampling, "Unknown upsampling mode.");
    }
}
