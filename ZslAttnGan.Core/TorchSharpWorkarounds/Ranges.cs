using static TorchSharp.torch;

namespace ZslAttnGan.TorchSharpWorkarounds;

/// <summary>
/// <c>arange</c> without the implicit <c>long → Scalar</c> conversions of TorchSharp's overloads, whose temporary
/// scalars the GC finalizer can free during the native call: the bounds are cached scalars.
/// </summary>
public static class Ranges
{
    /// <summary>0, 1, …, <paramref name="count"/> − 1 as int64 on <paramref name="device"/> (the CPU when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static Tensor Arange(long count, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return arange(Scalars.S(0), Scalars.S(count), Scalars.S(1), dtype: ScalarType.Int64, device: device);
    }
}
