using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// Argument checks that run before any native call, so bad input gives an <see cref="ArgumentException"/> naming the
/// argument and the expected shape instead of a native error, a NaN or a hang.
/// </summary>
internal static class Guard
{
    public static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";

    public static void NotNull(Tensor? t, string name)
    {
        if (t is null) throw new ArgumentNullException(name);
    }

    /// <summary>Checks rank and, where <c>dims</c> holds a non-negative entry, that dimension's size. <c>expected</c> is
    /// a human description such as "[B, 256, T]".</summary>
    public static void Shape(Tensor? t, string name, string expected, params long[] dims)
    {
        NotNull(t, name);
        if (t!.dim() != dims.Length)
            throw new ArgumentException($"{name} must have shape {expected} (rank {dims.Length}) but has shape {Shape(t)}.", name);
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] >= 0 && t.shape[i] != dims[i])
                throw new ArgumentException($"{name} must have shape {expected} but has shape {Shape(t)} (dimension {i} should be {dims[i]}).", name);
        }
    }

    public static void Floating(Tensor t, string name)
    {
        if (!t.is_floating_point())
            throw new ArgumentException($"{name} must be a floating-point tensor but has dtype {t.dtype}.", name);
    }

    public static void DType(Tensor t, string name, ScalarType expected)
    {
        if (t.dtype != expected)
            throw new ArgumentException($"{name} must have dtype {expected} but has dtype {t.dtype}.", name);
    }

    public static void SameBatch(Tensor a, string aName, Tensor b, string bName)
    {
        if (a.shape[0] != b.shape[0])
            throw new ArgumentException($"{bName} has batch size {b.shape[0]} but {aName} has batch size {a.shape[0]}; they must match.", bName);
    }

    /// <summary>Checks caption lengths: int64 [B], each in 1..<paramref name="maxLength"/>.</summary>
    public static long[] Lengths(Tensor? lengths, string name, long batch, long maxLength)
    {
        Shape(lengths, name, "[B] (int64)", batch);
        DType(lengths!, name, ScalarType.Int64);
        var values = lengths!.cpu().data<long>().ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < 1 || values[i] > maxLength)
                throw new ArgumentException($"{name}[{i}] = {values[i]} must lie in 1..{maxLength} (every caption needs at least one word and at most the padded width).", name);
        }
        return values;
    }

    public static void Positive(long value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
    }
}
