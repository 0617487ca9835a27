using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Imaging;

/// <summary>
/// The key at the top of an <see cref="AttentionGrid"/>: a bar of the heat colours from "low" to "high" and a line
/// saying how the maps are scaled. Without it a reader cannot tell that black means "not looked at" or that every cell
/// uses the full range on its own (so two cells' brightness does not compare).
/// </summary>
internal static class AttentionLegend
{
    /// <summary>What the bar and the cells mean.</summary>
    public const string Explanation =
        "Word attention of each refinement stage over the image it refines; each map is stretched from its own minimum (black) to its own peak (white); 'max' is the peak over all words.";

    /// <summary>Height in pixels of the legend for a canvas of <paramref name="width"/> (including the gap below it).</summary>
    public static int Height(int width, AttentionGridOptions options)
    {
        int scale = options.FontScale;
        int lines = 1 + BitmapFont.Wrap(Explanation, width - 2 * options.Margin, scale).Count;
        return lines * BitmapFont.LineHeight * scale + options.Margin;
    }

    /// <summary>Draws the legend with its top at <paramref name="y"/>; returns the y below it.</summary>
    public static int Draw(Image<Rgb24> canvas, int y, AttentionGridOptions options)
    {
        int scale = options.FontScale, x = options.Margin, right = canvas.Width - options.Margin;
        int glyphHeight = BitmapFont.GlyphHeight * scale, space = BitmapFont.Advance * scale;
        BitmapFont.DrawText(canvas, "low", x, y, options.TextColour, scale);
        int barLeft = x + BitmapFont.MeasureWidth("low", scale) + space / 2;
        int barWidth = Math.Max(8, Math.Min(options.CellSize, right - barLeft - space / 2 - BitmapFont.MeasureWidth("high", scale)));
        for (int i = 0; i < barWidth; i++)
            Canvas.Fill(canvas, barLeft + i, y, 1, glyphHeight, HeatColour(barWidth == 1 ? 1 : i / (double)(barWidth - 1)));
        BitmapFont.DrawText(canvas, "high", barLeft + barWidth + space / 2, y, options.TextColour, scale);
        y += BitmapFont.LineHeight * scale;
        foreach (var line in BitmapFont.Wrap(Explanation, canvas.Width - 2 * options.Margin, scale))
        {
            BitmapFont.DrawText(canvas, line, x, y, options.TextColour, scale);
            y += BitmapFont.LineHeight * scale;
        }
        return y + options.Margin;
    }

    /// <summary>The colour of a fully opaque attention value in [0, 1]: the same map as
    /// <see cref="AttentionOverlay"/>'s heat (black → red → yellow → white).</summary>
    public static Rgb24 HeatColour(double value)
    {
        static byte Channel(double v) => (byte)Math.Round(255 * Math.Clamp(v, 0, 1));
        return new Rgb24(Channel(3 * value), Channel(3 * value - 1), Channel(3 * value - 2));
    }
}
