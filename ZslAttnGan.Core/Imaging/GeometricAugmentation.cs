using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Imaging;

/// <summary>
/// Random horizontal flips and whole-pixel translations of a batch of images, for training classifiers that read
/// colour: every output pixel is a copy of an input pixel of the same image (edges are repeated into the space a shift
/// opens), so no value is interpolated, scaled or mixed and the colours an image holds are exactly those it held.
/// </summary>
public static class GeometricAugmentation
{
    /// <summary>Each image of <paramref name="images"/> [B, C, H, W] mirrored left–right with probability ½ (when
    /// <paramref name="flip"/>) and shifted by whole pixels, independently drawn per image and axis from
    /// −<paramref name="maxShift"/>..<paramref name="maxShift"/>; the input is not modified.</summary>
    /// <param name="images">Images [B, C, H, W] of any dtype, on the CPU or another device.</param>
    /// <param name="generator">Source of the random draws (the same generator state gives the same output).</param>
    /// <param name="flip">Mirror half of the images at random.</param>
    /// <param name="maxShift">Largest shift in pixels (0: no shift); less than the image's height and width.</param>
    /// <exception cref="ArgumentException">The images are not [B, C, H, W] or <paramref name="maxShift"/> is out of range.</exception>
    public static Tensor FlipAndShift(Tensor images, Generator generator, bool flip, int maxShift)
    {
        Guard.Shape(images, nameof(images), "[B, C, H, W]", -1, -1, -1, -1);
        ArgumentNullException.ThrowIfNull(generator);
        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        if (maxShift < 0 || maxShift >= Math.Min(h, w))
            throw new ArgumentOutOfRangeException(nameof(maxShift), maxShift, $"maxShift must be in 0..{Math.Min(h, w) - 1} for {h} × {w} images.");
        using var scope = NewDisposeScope();
        // The draws happen on the CPU whatever the images' device, so a generator gives the same batch on every device.
        var flips = (flip ? randint(0, 2, new long[] { b }, generator: generator) : zeros(b, ScalarType.Int64)).data<long>().ToArray();
        var shifts = (maxShift > 0 ? randint(-maxShift, maxShift + 1, new long[] { b, 2 }, generator: generator) : zeros(new long[] { b, 2 }, ScalarType.Int64)).data<long>().ToArray();
        var rows = new long[b * h];
        var cols = new long[b * w];
        for (long i = 0; i < b; i++)
        {
            long dy = shifts[2 * i], dx = shifts[2 * i + 1];
            for (long y = 0; y < h; y++) rows[i * h + y] = Math.Clamp(y - dy, 0, h - 1);
            for (long x = 0; x < w; x++)
            {
                long source = Math.Clamp(x - dx, 0, w - 1);
                cols[i * w + x] = flips[i] == 1 ? w - 1 - source : source;
            }
        }
        var device = images.device;
        var rowIndex = tensor(rows, new long[] { b, 1, h, 1 }).to(device).expand(b, c, h, w);
        var colIndex = tensor(cols, new long[] { b, 1, 1, w }).to(device).expand(b, c, h, w);
        return images.gather(2, rowIndex).gather(3, colIndex).MoveToOuterDisposeScope();
    }
}
