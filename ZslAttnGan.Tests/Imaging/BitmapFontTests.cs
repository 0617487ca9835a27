using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Imaging;

namespace ZslAttnGan.Tests.Imaging;

public class BitmapFontTests
{
    private static readonly Rgb24 White = new(255, 255, 255);
    private static readonly Rgb24 Ink = new(10, 20, 30);

    private static int InkOf(string text, int scale = 1)
    {
        using var image = new Image<Rgb24>(BitmapFont.Advance * scale * Math.Max(1, text.Length) + 4, BitmapFont.GlyphHeight * scale + 4, White);
        BitmapFont.DrawText(image, text, 2, 2, Ink, scale);
        Assert.Equal(0, Pixels.Count(image, p => !p.Equals(White) && !p.Equals(Ink)));
        return Pixels.CountColour(image, Ink);
    }

    [Fact]
    public void EveryPrintableCharacterDrawsInkAndSpaceDrawsNothing()
    {
        for (char c = '!'; c <= '~'; c++)
        {
            Assert.True(BitmapFont.HasGlyph(c), $"'{c}' has no glyph");
            Assert.True(InkOf(c.ToString()) > 0, $"'{c}' draws nothing");
        }
        Assert.True(BitmapFont.HasGlyph(' '));
        Assert.Equal(0, InkOf(" "));
        Assert.Equal(0, InkOf("   "));
    }

    [Fact]
    public void GlyphsArePairwiseDistinct()
    {
        var seen = new Dictionary<string, char>();
        for (char c = '!'; c <= '~'; c++)
        {
            var key = string.Concat(Enumerable.Range(0, BitmapFont.GlyphHeight)
                .SelectMany(r => Enumerable.Range(0, BitmapFont.GlyphWidth).Select(col => BitmapFont.IsInk(c, col, r) ? '#' : '.')));
            Assert.False(seen.TryGetValue(key, out var other), $"'{c}' looks exactly like '{other}'");
            seen[key] = c;
        }
    }

    [Fact]
    public void UnknownCharactersRenderAsABox()
    {
        Assert.False(BitmapFont.HasGlyph('é'));
        Assert.False(BitmapFont.HasGlyph('\t'));
        Assert.True(BitmapFont.IsInk('é', 0, 0));
        Assert.True(BitmapFont.IsInk('é', 4, 6));
        Assert.False(BitmapFont.IsInk('é', 2, 3));
        Assert.Equal(InkOf("é"), InkOf("\u4e2d"));
        Assert.True(InkOf("é") > 0);
    }

    [Fact]
    public void ScaleMultipliesInkBySquare()
    {
        int one = InkOf("Bird 42!");
        Assert.Equal(4 * one, InkOf("Bird 42!", 2));
        Assert.Equal(9 * one, InkOf("Bird 42!", 3));
    }

    [Fact]
    public void WidthMeasurement()
    {
        Assert.Equal(0, BitmapFont.MeasureWidth(""));
        Assert.Equal(5, BitmapFont.MeasureWidth("a"));
        Assert.Equal(11, BitmapFont.MeasureWidth("ab"));
        Assert.Equal(22, BitmapFont.MeasureWidth("ab", 2));
        Assert.Equal(17, BitmapFont.MeasureWidth("a\nabc\nab"));
        Assert.Equal(8, BitmapFont.MeasureHeight("x"));
        Assert.Equal(2 * (9 + 8), BitmapFont.MeasureHeight("x\ny", 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitmapFont.MeasureWidth("a", 0));
    }

    [Theory]
    [InlineData("Hello, World! gjpqy_", 1)]
    [InlineData("the small bird\nhas a RED crown", 2)]
    public void InkStaysInsideTheMeasuredBox(string text, int scale)
    {
        int width = BitmapFont.MeasureWidth(text, scale), height = BitmapFont.MeasureHeight(text, scale);
        using var image = new Image<Rgb24>(width + 20, height + 20, White);
        BitmapFont.DrawText(image, text, 10, 10, Ink, scale);
        int total = Pixels.CountColour(image, Ink);
        Assert.True(total > 0);
        Assert.Equal(total, Pixels.CountColour(image, Ink, 10, 10, width, height));
        // The box is tight: ink touches its left and right edges.
        Assert.True(Pixels.CountColour(image, Ink, 10, 10, 1, height) > 0);
        Assert.True(Pixels.CountColour(image, Ink, 10 + width - 1, 10, 1, height) > 0 || text.EndsWith(' '));
    }

    [Fact]
    public void DrawingIsClippedAtTheEdges()
    {
        using var image = new Image<Rgb24>(12, 6, White);
        BitmapFont.DrawText(image, "WWWWWW", -7, -3, Ink, 2);
        BitmapFont.DrawText(image, "M", 10, 4, Ink, 3);
        Assert.True(Pixels.CountColour(image, Ink) > 0);
    }

    [Fact]
    public void FitShortensWithAVisibleCut()
    {
        Assert.Equal("crown", BitmapFont.Fit("crown", 29));
        Assert.Equal("crow.", BitmapFont.Fit("crowned", 29));
        Assert.True(BitmapFont.MeasureWidth(BitmapFont.Fit("white-crowned", 40, 2), 2) <= 40);
        Assert.Equal("", BitmapFont.Fit("abc", 4));
    }

    [Fact]
    public void WrapBreaksAtSpacesAndInsideOverlongWords()
    {
        var lines = BitmapFont.Wrap("this bird has a long pointed beak", 59);   // 10 characters per line
        Assert.Equal(new[] { "this bird", "has a long", "pointed", "beak" }, lines);
        Assert.All(lines, l => Assert.True(BitmapFont.MeasureWidth(l) <= 59));
        Assert.Equal(new[] { "abcdefghij", "klm x" }, BitmapFont.Wrap("abcdefghijklm x", 59));
    }
}
