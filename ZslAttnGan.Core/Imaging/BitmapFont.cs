using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Imaging;

/// <summary>
/// A tiny built-in 5×8 bitmap font (printable ASCII 32..126) for labelling preview images. It exists because the
/// preview code may not depend on SixLabors.ImageSharp.Drawing or ship font files; a fixed pixel font is also
/// perfectly legible at the integer scales previews use. Characters without a glyph render as a hollow box;
/// <c>'\n'</c> starts a new line.
/// </summary>
public static class BitmapFont
{
    /// <summary>Width of a glyph in font pixels.</summary>
    public const int GlyphWidth = 5;

    /// <summary>Height of a glyph in font pixels, including the descender row.</summary>
    public const int GlyphHeight = 8;

    /// <summary>Horizontal distance between the starts of neighbouring characters in font pixels (glyph + 1 blank column).</summary>
    public const int Advance = GlyphWidth + 1;

    /// <summary>Vertical distance between the tops of neighbouring lines in font pixels (glyph + 1 blank row).</summary>
    public const int LineHeight = GlyphHeight + 1;

    // One byte per glyph row, bit 4 = leftmost column; parsed once from the picture strings.
    private static readonly byte[][] Glyphs = BitmapFontGlyphs.Rows.Select(Parse).ToArray();
    private static readonly byte[] UnknownGlyph = Parse(BitmapFontGlyphs.Unknown);

    /// <summary>Whether <paramref name="c"/> has its own glyph (otherwise it is drawn as a box).</summary>
    public static bool HasGlyph(char c) => c >= BitmapFontGlyphs.First && c - BitmapFontGlyphs.First < Glyphs.Length;

    /// <summary>Width in image pixels of the widest line of <paramref name="text"/> at <paramref name="scale"/>; the
    /// blank column after the last character is not counted, so text of width w fits exactly in w pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive.</exception>
    public static int MeasureWidth(string text, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        int widest = 0;
        foreach (var line in text.Split('\n'))
            widest = Math.Max(widest, line.Length);
        return widest == 0 ? 0 : (widest * Advance - 1) * scale;
    }

    /// <summary>Height in image pixels of <paramref name="text"/> at <paramref name="scale"/> (every line counts, even
    /// an empty one; the blank row after the last line is not counted).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive.</exception>
    public static int MeasureHeight(string text, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        int lines = text.Count(c => c == '\n') + 1;
        return ((lines - 1) * LineHeight + GlyphHeight) * scale;
    }

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>),
    /// each font pixel as a <paramref name="scale"/>×<paramref name="scale"/> square. Only ink is drawn (the background
    /// shows through); anything outside the image is clipped.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive.</exception>
    public static void DrawText(Image<Rgb24> image, string text, int x, int y, Rgb24 colour, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        if (text.Length == 0) return;
        image.ProcessPixelRows(accessor =>
        {
            int penX = x, penY = y;
            foreach (char c in text)
            {
                if (c == '\n')
                {
                    penX = x;
                    penY += LineHeight * scale;
                    continue;
                }
                var glyph = GlyphOf(c);
                for (int row = 0; row < GlyphHeight; row++)
                {
                    byte bits = glyph[row];
                    if (bits == 0) continue;
                    for (int dy = 0; dy < scale; dy++)
                    {
                        int py = penY + row * scale + dy;
                        if (py < 0 || py >= accessor.Height) continue;
                        var span = accessor.GetRowSpan(py);
                        for (int col = 0; col < GlyphWidth; col++)
                        {
                            if ((bits & (1 << (GlyphWidth - 1 - col))) == 0) continue;
                            int left = Math.Max(penX + col * scale, 0);
                            int right = Math.Min(penX + (col + 1) * scale, span.Length);
                            if (left < right) span[left..right].Fill(colour);
                        }
                    }
                }
                penX += Advance * scale;
            }
        });
    }

    /// <summary>Shortens <paramref name="text"/> (one line) so it is at most <paramref name="maxWidth"/> pixels wide,
    /// ending a shortened text with '.' so the cut is visible. Returns an empty string when not even one character fits.</summary>
    public static string Fit(string text, int maxWidth, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        int fits = MaxChars(maxWidth, scale);
        if (text.Length <= fits) return text;
        if (fits <= 1) return fits == 1 ? text[..1] : string.Empty;
        return text[..(fits - 1)] + ".";
    }

    /// <summary>Breaks <paramref name="text"/> into lines no wider than <paramref name="maxWidth"/> pixels, at spaces
    /// where possible and inside a word only when the word alone is too long. Existing '\n' breaks are kept.</summary>
    public static IReadOnlyList<string> Wrap(string text, int maxWidth, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        int fits = Math.Max(1, MaxChars(maxWidth, scale));
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            foreach (var raw in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var word = raw;
                while (word.Length > fits)
                {
                    // A word longer than a whole line: flush what we have and hard-break the word.
                    if (line.Length > 0) { lines.Add(line.ToString()); line.Clear(); }
                    lines.Add(word[..fits]);
                    word = word[fits..];
                }
                if (line.Length > 0 && line.Length + 1 + word.Length > fits)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(word);
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>Whether the font pixel at (<paramref name="column"/>, <paramref name="row"/>) of <paramref name="c"/>'s
    /// glyph is ink; for tests and for callers that render the font themselves.</summary>
    public static bool IsInk(char c, int column, int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, GlyphWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, GlyphHeight);
        return (GlyphOf(c)[row] & (1 << (GlyphWidth - 1 - column))) != 0;
    }

    private static int MaxChars(int maxWidth, int scale) => maxWidth <= 0 ? 0 : (maxWidth / scale + 1) / Advance;

    private static byte[] GlyphOf(char c) => HasGlyph(c) ? Glyphs[c - BitmapFontGlyphs.First] : UnknownGlyph;

    private static void CheckScale(int scale)
    {
        if (scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be a positive integer.");
    }

    private static byte[] Parse(string picture)
    {
        var rows = picture.Split(' ');
        if (rows.Length != GlyphHeight || rows.Any(r => r.Length != GlyphWidth))
            throw new InvalidOperationException($"Malformed glyph picture '{picture}'.");
        var bits = new byte[GlyphHeight];
        for (int r = 0; r < GlyphHeight; r++)
            for (int c = 0; c < GlyphWidth; c++)
                if (rows[r][c] == '#') bits[r] |= (byte)(1 << (GlyphWidth - 1 - c));
        return bits;
    }
}
