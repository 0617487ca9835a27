using TorchSharp;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// Nearest ×2 up-sampling followed by a 3×3 convolution (stride 1, padding 1), computed as one 2×2 convolution of the
/// small input with four kernels, one per output parity, whose results are interleaved. Each output pixel of the
/// up-sampled image reads only two distinct input rows and columns, so the 3×3 taps that land on the same input pixel
/// can be summed into the kernel beforehand: 2.25× fewer multiply-adds and no up-sampled copy of the input. The same
/// values up to rounding (the kernel sums reorder the additions).
/// </summary>
/// <remarks>
/// For an even output row 2i the up-sampled rows 2i−1, 2i, 2i+1 are input rows i−1, i, i: kernel rows (k₀, k₁ + k₂) on
/// input rows (i−1, i). For an odd row 2i+1 they are i, i, i+1: (k₀ + k₁, k₂) on (i, i+1). The zero padding of the
/// up-sampled image is the zero padding of the input. A 2×2 convolution with padding 1 gives, at output row p, input
/// rows (p−1, p): the even rows are its rows 0…H−1, the odd rows 1…H; columns alike.
/// </remarks>
public static class SubPixelUpsampling
{
    /// <summary>The four parity kernels [4·O, C, 2, 2] (parity (a, b) = rows a, columns b, block index 2a + b) of a
    /// 3×3 kernel [O, C, 3, 3].</summary>
    public static Tensor Kernels(Tensor weight3x3)
    {
        Guard.Shape(weight3x3, nameof(weight3x3), "[O, C, 3, 3]", -1, -1, 3, 3);
        using var scope = NewDisposeScope();
        // Rows: even parity (k0, k1 + k2), odd parity (k0 + k1, k2); then the same on columns.
        Tensor Collapse(Tensor w, long dim, int parity)
        {
            var k0 = w.narrow(dim, 0, 1);
            var k1 = w.narrow(dim, 1, 1);
            var k2 = w.narrow(dim, 2, 1);
            return parity == 0 ? cat(new[] { k0, k1.Plus(k2) }, dim) : cat(new[] { k0.Plus(k1), k2 }, dim);
        }
        // Written block by block into the result, each block's temporaries freed before the next: the transient memory
        // stays near one kernel's size, which matters for the 512-channel up blocks.
        var result = empty(new[] { 4 * weight3x3.shape[0], weight3x3.shape[1], 2, 2 }, dtype: weight3x3.dtype, device: weight3x3.device);
        long o = weight3x3.shape[0];
        for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
        {
            using var blockScope = NewDisposeScope();
            result.narrow(0, (2 * a + b) * o, o).copy_(Collapse(Collapse(weight3x3, 2, a), 3, b));
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>conv3x3(upsample_nearest_2x(<paramref name="input"/>)) from the parity kernels of
    /// <see cref="Kernels"/> and the bias [O] (or null). The result is [B, O, 2H, 2W], channels-last when the input is.</summary>
    public static Tensor Forward(Tensor input, Tensor kernels, Tensor? bias)
    {
        Guard.Shape(input, nameof(input), "[B, C, H, W]", -1, kernels.shape[1], -1, -1);
        long o = kernels.shape[0] / 4, n = input.shape[0], h = input.shape[2], w = input.shape[3];
        using var scope = NewDisposeScope();
        Tensor? bias4 = bias is null ? null : cat(new[] { bias, bias, bias, bias }, 0);
        var safe = Convolution2d.SafeInput(input, input.shape[1], kernels.shape[0]);
        var all = nn.functional.conv2d(safe, kernels, bias4, padding: new long[] { 1, 1 }); // [B, 4·O, H+1, W+1]
        bool channelsLast = MemoryFormats.IsChannelsLast(safe);
        // Interleave into [B, H, 2, W, 2, O] (channels-last) or [B, O, H, 2, W, 2] (NCHW): one pass over the output.
        var result = channelsLast
            ? empty(new[] { n, h, 2, w, 2, o }, dtype: input.dtype, device: input.device)
            : empty(new[] { n, o, h, 2, w, 2 }, dtype: input.dtype, device: input.device);
        for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
        {
            var part = all.narrow(1, (2 * a + b) * o, o).narrow(2, a, h).narrow(3, b, w); // [B, O, H, W]
            if (channelsLast) result.select(4, b).select(2, a).copy_(part.permute(0, 2, 3, 1));
            else result.select(5, b).select(3, a).copy_(part);
        }
        var y = channelsLast
            ? result.view(n, 2 * h, 2 * w, o).permute(0, 3, 1, 2)
            : result.view(n, o, 2 * h, 2 * w);
        return y.MoveToOuterDisposeScope();
    }
}
