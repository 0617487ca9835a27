using ZslAttnGan.Imaging;

namespace ZslAttnGan.Tests.Imaging;

public class GeometricAugmentationTests
{
    private static Tensor Images(int seed, long b = 6, long size = 12)
    {
        using var g = new Generator((ulong)seed);
        return rand(new long[] { b, 3, size, size }, generator: g);
    }

    private static HashSet<(float, float, float)> Colours(Tensor image)
    {
        var pixels = image.permute(1, 2, 0).reshape(-1, 3).data<float>().ToArray();
        return Enumerable.Range(0, pixels.Length / 3).Select(i => (pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2])).ToHashSet();
    }

    [Fact]
    public void WithoutFlipOrShiftTheImagesAreUnchanged()
    {
        using var x = Images(1);
        using var g = new Generator(3);
        using var y = GeometricAugmentation.FlipAndShift(x, g, flip: false, maxShift: 0);
        Assert.True(y.equal(x).all().item<bool>());
    }

    [Fact]
    public void FlipMirrorsSomeImagesExactlyAndLeavesTheOthers()
    {
        using var x = Images(2, b: 32);
        using var g = new Generator(4);
        using var y = GeometricAugmentation.FlipAndShift(x, g, flip: true, maxShift: 0);
        using var mirrored = x.flip(3);
        int flipped = 0, kept = 0;
        for (int i = 0; i < x.shape[0]; i++)
        {
            if (y[i].equal(mirrored[i]).all().item<bool>()) flipped++;
            else if (y[i].equal(x[i]).all().item<bool>()) kept++;
        }
        Assert.Equal(x.shape[0], flipped + kept);
        Assert.True(flipped > 0 && kept > 0, $"{flipped} flipped, {kept} kept");
    }

    [Fact]
    public void ShiftsMoveWholePixelsAndKeepEveryColourOfTheImage()
    {
        const int maxShift = 3;
        using var x = Images(5, b: 16);
        using var g = new Generator(6);
        using var y = GeometricAugmentation.FlipAndShift(x, g, flip: true, maxShift);
        long size = x.shape[2];
        bool anyShifted = false;
        for (int i = 0; i < x.shape[0]; i++)
        {
            // No new colour: every output pixel is an input pixel of the same image.
            Assert.Subset(Colours(x[i]), Colours(y[i]));
            // Some shift (dy, dx) in range maps the image's centre exactly onto the output's, with or without a mirror.
            var inner = y[i][.., maxShift..(int)(size - maxShift), maxShift..(int)(size - maxShift)];
            bool matched = false;
            foreach (var source in new[] { x[i], x[i].flip(2) })
                for (int dy = -maxShift; dy <= maxShift && !matched; dy++)
                    for (int dx = -maxShift; dx <= maxShift && !matched; dx++)
                    {
                        var window = source[.., (maxShift - dy)..(int)(size - maxShift - dy), (maxShift - dx)..(int)(size - maxShift - dx)];
                        if (inner.equal(window).all().item<bool>())
                        {
                            matched = true;
                            anyShifted |= dy != 0 || dx != 0;
                        }
                    }
            Assert.True(matched, $"image {i} is not a whole-pixel shift of its input");
        }
        Assert.True(anyShifted);
    }

    [Fact]
    public void TheSameGeneratorStateGivesTheSameBatch()
    {
        using var x = Images(7);
        using var g1 = new Generator(8);
        using var g2 = new Generator(8);
        using var a = GeometricAugmentation.FlipAndShift(x, g1, true, 2);
        using var b = GeometricAugmentation.FlipAndShift(x, g2, true, 2);
        Assert.True(a.equal(b).all().item<bool>());
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        using var x = Images(9, size: 8);
        using var g = new Generator(1);
        Assert.Equal("maxShift", Assert.Throws<ArgumentOutOfRangeException>(() => GeometricAugmentation.FlipAndShift(x, g, true, 8)).ParamName);
        Assert.Equal("maxShift", Assert.Throws<ArgumentOutOfRangeException>(() => GeometricAugmentation.FlipAndShift(x, g, true, -1)).ParamName);
        using var flat = zeros(3, 8, 8);
        Assert.Contains("images", Assert.ThrowsAny<ArgumentException>(() => GeometricAugmentation.FlipAndShift(flat, g, true, 1)).Message);
    }
}
