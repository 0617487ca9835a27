using ZslAttnGan.Discrimination;
using static TorchSharp.torch;

namespace ZslAttnGan.Tests.Losses;

/// <summary>DiffAugment's translation and cutout: exact integer shifts with zero fill, squares of the stated size,
/// gradients through both, reproducible draws.</summary>
public class DifferentiableAugmentationTests
{
    private static Tensor Images(long batch, long size, int seed)
    {
        using var g = new Generator((ulong)seed);
        return rand([batch, 3, size, size], generator: g).mul(Scalars.S(2)).sub(Scalars.S(1));
    }

    [Theory]
    [InlineData(16, 0.125)]
    [InlineData(32, 0.25)]
    public void TranslationShiftsEachImageByWholePixelsWithinTheRangeAndFillsWithZero(int size, double fraction)
    {
        using var scope = NewDisposeScope();
        var x = Images(12, size, 1);
        using var g = new Generator(7);
        var y = new DifferentiableAugmentation(Translation: fraction, Cutout: 0).Apply(x, g);
        long r = (long)Math.Round(size * fraction);
        var shifts = new HashSet<(long, long)>();
        for (int i = 0; i < 12; i++)
        {
            var found = FindShift(x[i], y[i], r);
            Assert.True(found is not null, $"image {i} is not a shift of its input by at most {r} pixels with zero fill");
            shifts.Add(found!.Value);
        }
        Assert.True(shifts.Count > 1, "every image got the same shift: the draws are not per image");
    }

    private static (long, long)? FindShift(Tensor source, Tensor shifted, long r)
    {
        for (long dy = -r; dy <= r; dy++)
        for (long dx = -r; dx <= r; dx++)
        {
            using var expected = Shift(source, dy, dx);
            if (Same(expected, shifted)) return (dy, dx);
        }
        return null;
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static Tensor Shift(Tensor image, long dy, long dx)
    {
        long h = image.shape[1], w = image.shape[2];
        var result = zeros_like(image);
        for (long i = 0; i < h; i++)
        for (long j = 0; j < w; j++)
        {
            long si = i - dy, sj = j - dx;
            if (si >= 0 && si < h && sj >= 0 && sj < w) result[.., i, j] = image[.., si, sj];
        }
        return result;
    }

    [Fact]
    public void CutoutZeroesOneSquareOfTheStatedSideAndKeepsEveryOtherPixel()
    {
        using var scope = NewDisposeScope();
        const int size = 24;
        var x = Images(16, size, 2).abs().Plus(Scalars.S(0.1)); // no pixel is 0 before the cut
        using var g = new Generator(3);
        var y = new DifferentiableAugmentation(Translation: 0, Cutout: 0.25).Apply(x, g);
        long side = 6;
        for (int i = 0; i < 16; i++)
        {
            var zero = y[i][0].eq(Scalars.S(0));
            Assert.True(Same(y[i].eq(Scalars.S(0)), zero.unsqueeze(0).expand(3, size, size)), "the cut differs between channels");
            var kept = zero.logical_not();
            Assert.True(Same(y[i][0].masked_select(kept), x[i][0].masked_select(kept)), "a pixel outside the cut changed");
            var rows = zero.any(1).nonzero().flatten();
            var cols = zero.any(0).nonzero().flatten();
            Assert.True(rows.numel() > 0 && rows.numel() <= side && cols.numel() <= side, $"image {i}: cut is {rows.numel()}×{cols.numel()}");
            // A full rectangle: every pixel in the bounding rows × columns is cut.
            Assert.Equal(rows.numel() * cols.numel(), zero.sum().item<long>());
            // Away from the border it is the full square.
            if (rows[0].item<long>() > 0 && rows[-1].item<long>() < size - 1 && cols[0].item<long>() > 0 && cols[-1].item<long>() < size - 1)
                Assert.Equal(side * side, zero.sum().item<long>());
        }
    }

    [Fact]
    public void GradientsReachTheInputThroughBothOperations()
    {
        using var scope = NewDisposeScope();
        var x = Images(4, 16, 4).requires_grad_(true);
        using var g = new Generator(5);
        var y = new DifferentiableAugmentation().Apply(x, g);
        (y * y).sum().backward();
        var grad = x.grad!;
        // d/dx sum(y²) = 2·x at every pixel that reaches the output exactly once, 0 where it was shifted out or cut.
        var reached = grad.ne(Scalars.S(0));
        Assert.True(reached.any().item<bool>());
        Assert.True(grad.masked_select(reached).allclose((x * Scalars.S(2)).detach().masked_select(reached)));
        Assert.True(reached.logical_not().any().item<bool>(), "nothing was cut or shifted out");
    }

    [Fact]
    public void TheSameGeneratorStateGivesTheSameAugmentation()
    {
        using var scope = NewDisposeScope();
        var x = Images(6, 16, 6);
        var aug = new DifferentiableAugmentation();
        using var g1 = new Generator(9);
        using var g2 = new Generator(9);
        Assert.True(Same(aug.Apply(x, g1), aug.Apply(x, g2)));
        Assert.False(Same(aug.Apply(x, g1), aug.Apply(x, g1)));
    }

    [Fact]
    public void FractionsOutsideTheirRangeAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new DifferentiableAugmentation(Translation: -0.1).Validate());
        Assert.Throws<ArgumentException>(() => new DifferentiableAugmentation(Cutout: 1).Validate());
        using var x = zeros(3, 16, 16);
        Assert.Throws<ArgumentException>(() => new DifferentiableAugmentation().Apply(x));
    }
}
