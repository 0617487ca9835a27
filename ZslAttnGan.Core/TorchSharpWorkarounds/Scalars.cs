using System.Collections.Concurrent;
using TorchSharp;

namespace ZslAttnGan.TorchSharpWorkarounds;

/// <summary>
/// Long-lived TorchSharp <see cref="Scalar"/>s for constants. TorchSharp 0.107 turns a <c>double</c> argument into a
/// temporary <see cref="Scalar"/> that only the garbage collector frees, and its methods pass the native handle on
/// without keeping the temporary alive: a collection on another thread during the native call can free the scalar
/// while libtorch reads it, which fails at random ("Expected false to be true … toFloat") or corrupts a value. Passing
/// a cached scalar (never collected) or one held by a <c>using</c> removes that race from our code paths.
/// </summary>
public static class Scalars
{
    private static readonly ConcurrentDictionary<long, Scalar> Cache = new();

    /// <summary>The cached scalar for <paramref name="value"/>. Use for constants and option values, not for values that
    /// change every step (use <c>using var s = value.ToScalar();</c> there).</summary>
    public static Scalar S(double value) => Cache.GetOrAdd(BitConverter.DoubleToInt64Bits(value), bits => BitConverter.Int64BitsToDouble(bits).ToScalar());
}
