using TorchSharp;
using static TorchSharp.torch;

namespace ZslAttnGan.TorchSharpWorkarounds;

/// <summary>
/// Tensor sums without TorchSharp's temporary scalar. TorchSharp 0.107's <c>a + b</c> and <c>a.add(b)</c> call
/// <c>add(b, 1)</c>, converting the <c>1</c> into a <see cref="Scalar"/> that nothing keeps alive during the native call;
/// a collection on another thread (the data loader's) can finalise it while libtorch reads it, which fails at random
/// with "Expected false to be true … toFloat" (seen once in a 10-minute quick start). <see cref="Plus(Tensor, Tensor)"/> passes a
/// cached alpha instead. (Subtraction and products of two tensors take no scalar and are safe; for a number operand use
/// <see cref="Plus(Tensor, double)"/>, <see cref="Minus"/>, <see cref="Times"/>, <see cref="DividedBy"/>, or
/// <see cref="Scalars.S"/> where an API takes a Scalar.)
/// </summary>
public static class TensorOps
{
    // An integer 1: a floating-point alpha is refused for integer tensors.
    private static readonly Scalar One = 1L.ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/> (broadcasting as <c>torch.add</c>).</summary>
    public static Tensor Plus(this Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.add(b, One);
    }

    /// <summary><paramref name="a"/> + <paramref name="value"/> for a number (TorchSharp's <c>a + scalar</c> and
    /// <c>add(Scalar)</c> make the same temporary alpha as <c>a + b</c>: a generation run died in <c>add_Scalar</c> this way).</summary>
    public static Tensor Plus(this Tensor a, Scalar value)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(value);
        return a.add(value, One);
    }

    /// <summary><paramref name="a"/> + <paramref name="value"/>, the number passed as a cached scalar.</summary>
    public static Tensor Plus(this Tensor a, double value) => a.Plus(Scalars.S(value));

    /// <summary><paramref name="a"/> − <paramref name="value"/>, the number passed as a cached scalar (TorchSharp's
    /// <c>a - 1.0</c> converts it to a temporary one).</summary>
    public static Tensor Minus(this Tensor a, double value)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.sub(Scalars.S(value));
    }

    /// <summary><paramref name="a"/> × <paramref name="value"/>, the number passed as a cached scalar.</summary>
    public static Tensor Times(this Tensor a, double value)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.mul(Scalars.S(value));
    }

    /// <summary><paramref name="a"/> ÷ <paramref name="value"/>, the number passed as a cached scalar.</summary>
    public static Tensor DividedBy(this Tensor a, double value)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.div(Scalars.S(value));
    }

    /// <summary>Adds <paramref name="value"/> to every element of <paramref name="a"/> in place (TorchSharp's
    /// <c>add_(Scalar)</c> makes the same temporary alpha as <c>+</c>).</summary>
    public static Tensor PlusInPlace(this Tensor a, Scalar value)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(value);
        return a.add_(value, One);
    }
}
