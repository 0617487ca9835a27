using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ZslAttnGan.Data.Imaging;

/// <summary>
/// Pillow's bilinear resize of 8-bit RGB (<c>Image.resize(size, Image.BILINEAR)</c>, what torchvision's <c>Resize</c>
/// runs on a PIL image), bit for bit: the triangle filter widened by the scale when shrinking, its weights normalised
/// per output pixel and rounded to 22-bit fixed point, a horizontal pass rounded to bytes, then a vertical pass
/// (Pillow's <c>Resample.c</c>, <c>precompute_coeffs</c> and <c>normalize_coeffs_8bpc</c>). The reference builds its
/// 64- and 128-px images this way from the 256-px crop (<c>get_imgs</c>), so ours now equal its bytes for the same crop.
/// </summary>
internal static class PilBilinear
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const int Half = 1 << (PrecisionBits - 1);

    private sealed record Coefficients(int[] Start, int[] Count, int[] Weights, int Taps)
    {
        /// <summary>For a shrink by an integer factor f: the outputs [From, To) whose 2f weights are the same small
        /// integers over 2^Shift (interior outputs; Pillow's 22-bit weights are then exact, so (Σ cₜ·pₜ + 2^(Shift−1)) >>
        /// Shift is Pillow's rounding); null otherwise.</summary>
        public (int From, int To, int Factor, ushort[] Small, int Shift)? Interior { get; init; }
    }

    private static readonly ConcurrentDictionary<(int In, int Out), Coefficients> Cache = new();

    /// <summary>Interleaved RGB bytes of <paramref name="rgb"/> (w × h) resized to <paramref name="outWidth"/> ×
    /// <paramref name="outHeight"/>.</summary>
    public static byte[] Resize(ReadOnlySpan<byte> rgb, int width, int height, int outWidth, int outHeight)
    {
        if (width <= 0 || height <= 0 || outWidth <= 0 || outHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Sizes must be positive: {width}x{height} -> {outWidth}x{outHeight}.");
        if (rgb.Length != 3 * width * height)
            throw new ArgumentException($"{rgb.Length} bytes for a {width}x{height} RGB image (expected {3 * width * height}).", nameof(rgb));
        var horizontal = Cache.GetOrAdd((width, outWidth), static k => Compute(k.In, k.Out));
        var vertical = Cache.GetOrAdd((height, outHeight), static k => Compute(k.In, k.Out));

        // Only the rows the vertical pass reads go through the horizontal one (as Pillow does); the values are the same.
        int first = vertical.Start[0], last = vertical.Start[outHeight - 1] + vertical.Count[outHeight - 1];
        var rows = GC.AllocateUninitializedArray<byte>(3 * outWidth * (last - first));
        // FIR sums of one row, rounded up to whole vectors.
        var scratch = new ushort[3 * width + 2 * Vector<byte>.Count];
        for (int y = first; y < last; y++)
            HorizontalRow(rgb.Slice(3 * width * y, 3 * width), rows.AsSpan(3 * outWidth * (y - first), 3 * outWidth), horizontal, scratch);

        var result = GC.AllocateUninitializedArray<byte>(3 * outWidth * outHeight);
        var accumulator = new int[3 * outWidth];
        for (int y = 0; y < outHeight; y++)
        {
            accumulator.AsSpan().Fill(Half);
            int start = vertical.Start[y] - first, taps = vertical.Count[y];
            for (int t = 0; t < taps; t++)
                AddScaled(accumulator, rows.AsSpan(3 * outWidth * (start + t), 3 * outWidth), vertical.Weights[y * vertical.Taps + t]);
            var output = result.AsSpan(3 * outWidth * y, 3 * outWidth);
            for (int i = 0; i < output.Length; i++) output[i] = Clip8(accumulator[i]);
        }
        return result;
    }

    private static void HorizontalRow(ReadOnlySpan<byte> row, Span<byte> output, Coefficients c, ushort[] scratch)
    {
        int outWidth = output.Length / 3;
        if (c.Interior is not { } interior || !Vector.IsHardwareAccelerated)
        {
            GenericOutputs(row, output, c, 0, outWidth);
            return;
        }
        InteriorRow(row, output, c.Start, interior, scratch);
        GenericOutputs(row, output, c, 0, interior.From);
        GenericOutputs(row, output, c, interior.To, outWidth);
    }

    // Interior outputs of an integer shrink: a 16-bit FIR over every byte position of the row (32 at a time), then
    // every f-th pixel's three sums rounded and shifted.
    private static void InteriorRow(ReadOnlySpan<byte> row, Span<byte> output, int[] start,
        (int From, int To, int Factor, ushort[] Small, int Shift) interior, ushort[] sums)
    {
        var (from, to, factor, small, shift) = interior;
        int taps = small.Length;
        int begin = 3 * start[from];                               // first byte read
        int positions = 3 * (start[to - 1] - start[from]) + 3;     // FIR outputs needed
        int lanes = Vector<byte>.Count, p = 0;
        var sumVectors = MemoryMarshal.Cast<ushort, Vector<ushort>>(sums.AsSpan());
        for (; p + lanes <= positions && begin + p + lanes + 3 * (taps - 1) <= row.Length; p += lanes)
        {
            Vector<ushort> lo = Vector<ushort>.Zero, hi = Vector<ushort>.Zero;
            for (int t = 0; t < taps; t++)
            {
                Vector.Widen(new Vector<byte>(row.Slice(begin + p + 3 * t, lanes)), out var l, out var h);
                lo += l * small[t];
                hi += h * small[t];
            }
            int v = p / Vector<ushort>.Count;
            sumVectors[v] = lo;
            sumVectors[v + 1] = hi;
        }
        for (; p < positions; p++)
        {
            int sum = 0;
            for (int t = 0; t < taps; t++) sum += row[begin + p + 3 * t] * small[t];
            sums[p] = (ushort)sum;
        }
        int round = 1 << (shift - 1), step = 3 * factor;
        for (int x = from, q = 0; x < to; x++, q += step)
        {
            output[3 * x] = (byte)((sums[q] + round) >> shift);
            output[3 * x + 1] = (byte)((sums[q + 1] + round) >> shift);
            output[3 * x + 2] = (byte)((sums[q + 2] + round) >> shift);
        }
    }

    private static void GenericOutputs(ReadOnlySpan<byte> row, Span<byte> output, Coefficients c, int from, int to)
    {
        for (int x = from; x < to; x++)
        {
            int s0 = Half, s1 = Half, s2 = Half;
            int p = 3 * c.Start[x], taps = c.Count[x], k = x * c.Taps;
            for (int t = 0; t < taps; t++, p += 3)
            {
                int w = c.Weights[k + t];
                s0 += row[p] * w;
                s1 += row[p + 1] * w;
                s2 += row[p + 2] * w;
            }
            output[3 * x] = Clip8(s0);
            output[3 * x + 1] = Clip8(s1);
            output[3 * x + 2] = Clip8(s2);
        }
    }

    // accumulator += row × weight, eight lanes at a time.
    private static void AddScaled(int[] accumulator, ReadOnlySpan<byte> row, int weight)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<byte>.Count)
        {
            var acc = MemoryMarshal.Cast<int, Vector<int>>(accumulator.AsSpan());
            var w = new Vector<int>(weight);
            int lanes = Vector<byte>.Count, ints = Vector<int>.Count;
            for (; i + lanes <= row.Length; i += lanes)
            {
                Vector.Widen(new Vector<byte>(row.Slice(i, lanes)), out var lo, out var hi);
                Vector.Widen(lo, out var a, out var b);
                Vector.Widen(hi, out var c, out var d);
                int v = i / ints;
                acc[v] += Vector.AsVectorInt32(a) * w;
                acc[v + 1] += Vector.AsVectorInt32(b) * w;
                acc[v + 2] += Vector.AsVectorInt32(c) * w;
                acc[v + 3] += Vector.AsVectorInt32(d) * w;
            }
        }
        for (; i < row.Length; i++) accumulator[i] += row[i] * weight;
    }

    // Pillow's clip8: the fixed-point sum shifted down, clamped to a byte.
    private static byte Clip8(int value)
    {
        int v = value >> PrecisionBits;
        return v < 0 ? (byte)0 : v > 255 ? (byte)255 : (byte)v;
    }

    /// <summary>Pillow's <c>precompute_coeffs</c> for the bilinear filter (support 1) and <c>normalize_coeffs_8bpc</c>.</summary>
    private static Coefficients Compute(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = 1.0 * filterScale;
        int taps = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new int[outSize * taps];
        var k = new double[taps];
        for (int xx = 0; xx < outSize; xx++)
        {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = Math.Max((int)(center - support + 0.5), 0);
            int xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            double ww = 0;
            for (int x = 0; x < xmax; x++)
            {
                double w = Triangle((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++)
            {
                double normalised = ww != 0.0 ? k[x] / ww : k[x];
                weights[xx * taps + x] = normalised < 0
                    ? (int)(-0.5 + normalised * (1 << PrecisionBits))
                    : (int)(0.5 + normalised * (1 << PrecisionBits));
            }
            start[xx] = xmin;
            count[xx] = xmax;
        }
        return new Coefficients(start, count, weights, taps) { Interior = FindInterior(inSize, outSize, start, count, weights, taps) };
    }

    // The outputs of an integer shrink (factor 2 to 8) whose weights are one dyadic pattern cₜ / 2^shift with Σ cₜ·255 <
    // 2^16, so that 16-bit sums are exact; null when there are none (other scales, or too few outputs to matter).
    private static (int, int, int, ushort[], int)? FindInterior(int inSize, int outSize, int[] start, int[] count, int[] weights, int taps)
    {
        if (inSize % outSize != 0) return null;
        int factor = inSize / outSize;
        if (factor < 2 || factor > 8 || outSize < 4) return null;
        int x0 = outSize / 2, n = count[x0];
        if (n != 2 * factor) return null;
        // Pillow's weight w = cₜ·2^(22 − shift) exactly when the pattern is dyadic.
        int shift = 0;
        for (int s = 1; s <= 16 && shift == 0; s++)
            if (Enumerable.Range(0, n).All(t => weights[x0 * taps + t] % (1 << (PrecisionBits - s)) == 0) &&
                Enumerable.Range(0, n).Sum(t => weights[x0 * taps + t] >> (PrecisionBits - s)) == 1 << s)
                shift = s;
        if (shift == 0) return null;
        var small = Enumerable.Range(0, n).Select(t => (ushort)(weights[x0 * taps + t] >> (PrecisionBits - shift))).ToArray();
        if (small.Sum(v => v) * 255 >= 1 << 16) return null;
        bool Same(int x) => count[x] == n && start[x] - start[x0] == factor * (x - x0) &&
            Enumerable.Range(0, n).All(t => weights[x * taps + t] == weights[x0 * taps + t]);
        int from = x0, to = x0 + 1;
        while (from > 0 && Same(from - 1)) from--;
        while (to < outSize && Same(to)) to++;
        return (from, to, factor, small, shift);
    }

    private static double Triangle(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }
}
