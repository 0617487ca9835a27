using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Imaging;

namespace ZslAttnGan.Tests.Imaging;

public class ScalarPlotsTests
{
    [Fact]
    public void TheSmoothedLineIsAnExponentialMovingAverage()
    {
        var s = ScalarPlots.Smooth(new[] { 0.0, 10, 10, 10 }, 0.5);
        Assert.Equal(new[] { 0.0, 5, 7.5, 8.75 }, s);
    }

    [Fact]
    public void ARisingSeriesIsDrawnFromBottomLeftToTopRight()
    {
        var rising = new ScalarSeries("rising", Enumerable.Range(0, 50).Select(i => ((long)i, (double)i)).ToList());
        using var image = ScalarPlots.Draw(new[] { rising }, smoothing: 0);
        // Raw-line pixels: the light blue. The leftmost is low, the rightmost high.
        var ink = new List<(int X, int Y)>();
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                if (image[x, y] == new Rgb24(170, 200, 235)) ink.Add((x, y));
        Assert.NotEmpty(ink);
        var left = ink.MinBy(p => p.X);
        var right = ink.MaxBy(p => p.X);
        Assert.True(left.Y > right.Y + 100, $"left end at y {left.Y}, right end at y {right.Y}");
    }

    [Fact]
    public void NonFiniteValuesAndEmptySeriesDoNotBreakThePlot()
    {
        var spiky = new ScalarSeries("spiky", new List<(long, double)> { (1, 1), (2, double.NaN), (3, double.PositiveInfinity), (4, 2) });
        var empty = new ScalarSeries("empty", new List<(long, double)>());
        using var image = ScalarPlots.Draw(new[] { spiky, empty });
        Assert.True(image.Width > 0);
        Assert.Throws<ArgumentException>(() => ScalarPlots.Draw(Array.Empty<ScalarSeries>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalarPlots.Draw(new[] { spiky }, smoothing: 1));
    }
}
