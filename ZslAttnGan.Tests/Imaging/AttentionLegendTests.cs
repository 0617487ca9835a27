using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Imaging;

namespace ZslAttnGan.Tests.Imaging;

public class AttentionLegendTests
{
    private static readonly AttentionGridOptions Options = new() { CellSize = 40, FontScale = 1, MaxSamples = 1, Gap = 2, Margin = 4 };

    private static (Tensor[] Images, Tensor[] Attention) Inputs()
    {
        var images = new[] { zeros(1, 3, 8, 8), zeros(1, 3, 16, 16) };
        var attention = softmax(randn(new long[] { 1, 3, 8, 8 }, generator: new Generator(3)), 1);
        return (images, new[] { attention });
    }

    [Fact]
    public void TheLegendSitsAboveTheCellsWithTheHeatBarFromBlackToWhite()
    {
        using var scope = NewDisposeScope();
        var (images, attention) = Inputs();
        var words = new[] { new[] { "a", "red", "bird" } };
        using var plain = AttentionGrid.Render(images, attention, words, options: Options with { Legend = false });
        using var keyed = AttentionGrid.Render(images, attention, words, options: Options);
        Assert.Equal(plain.Width, keyed.Width);
        int legend = AttentionLegend.Height(keyed.Width, Options);
        Assert.Equal(plain.Height + legend, keyed.Height);

        // The bar on the legend's first line: its pixels run from black (low) through red and yellow to white (high),
        // as the overlay's heat does, and the grid below is the legend-free grid moved down.
        var bar = Enumerable.Range(0, keyed.Width).Select(x => keyed[x, Options.Margin + 3]).ToList();
        int black = bar.IndexOf(new Rgb24(0, 0, 0)), white = bar.LastIndexOf(new Rgb24(255, 255, 255));
        Assert.True(black >= 0 && white > black, "no black-to-white bar on the legend's first line");
        Assert.Contains(new Rgb24(255, 0, 0), bar.Skip(black).Take(white - black));
        Assert.Equal(AttentionLegend.HeatColour(0.5), new Rgb24(255, 128, 0));
        Assert.True(Pixels.RegionEquals(keyed, 0, legend, plain), "the cells are not the legend-free grid moved down");
    }

    [Fact]
    public void AGridWithoutAttentionRowsHasNoLegend()
    {
        using var scope = NewDisposeScope();
        var (images, _) = Inputs();
        using var keyed = AttentionGrid.Render(images.Take(1).ToArray(), Array.Empty<Tensor>(), new[] { new[] { "a" } }, options: Options);
        using var plain = AttentionGrid.Render(images.Take(1).ToArray(), Array.Empty<Tensor>(), new[] { new[] { "a" } }, options: Options with { Legend = false });
        Assert.Equal(plain.Height, keyed.Height);
    }

    [Fact]
    public void ALongWordIsDrawnSmallerRatherThanRunningIntoItsNeighbour()
    {
        // At scale 2 "creature" is 94 px: in a 96-px cell with a 4-px gap it would end 6 px before "this" starts.
        int room = 96 + 4 - BitmapFont.Advance * 2;
        Assert.Equal(("bird", 2), AttentionGrid.FitLabel("bird", room, 2));
        Assert.Equal(("creature", 1), AttentionGrid.FitLabel("creature", room, 2));
        var (text, scale) = AttentionGrid.FitLabel(new string('w', 40), room, 2);
        Assert.Equal(1, scale);
        Assert.True(BitmapFont.MeasureWidth(text, 1) <= room && text.EndsWith('.'), text);
    }
}
