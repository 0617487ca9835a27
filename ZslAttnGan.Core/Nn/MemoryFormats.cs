using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// Channels-last (NHWC in memory, NCHW in shape) tensors. TorchSharp 0.107 has no <c>memory_format</c> argument, but
/// libtorch infers the format from the strides, so a permute–copy–permute gives the same tensor PyTorch's
/// <c>x.to(memory_format=torch.channels_last)</c> does. oneDNN convolutions on channels-last inputs skip the reorder
/// to and from their blocked layout, and batch norm, GLU, nearest upsampling, pooling, concatenation and sums keep the
/// format, so one conversion at the entry of a network serves all its layers. Results equal the NCHW ones up to
/// floating-point rounding (another summation order inside the convolutions), not bit for bit.
/// </summary>
public static class MemoryFormats
{
    /// <summary>True when a 4-D tensor is laid out channels-last (a dense NHWC block).</summary>
    public static bool IsChannelsLast(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4) return false;
        var s = x.stride();
        var n = x.shape;
        return s[1] == 1 && s[3] == n[1] && s[2] == n[1] * n[3] && (n[0] == 1 || s[0] == n[1] * n[2] * n[3]);
    }

    /// <summary>The tensor in channels-last layout (itself when it already is one, or when it is not 4-D).</summary>
    public static Tensor ToChannelsLast(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4 || IsChannelsLast(x)) return x;
        return x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
    }
}
