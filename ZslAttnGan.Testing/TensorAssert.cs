using Xunit;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Testing;

/// <summary>Tensor assertions with messages that say what differed and where.</summary>
public static class TensorAssert
{
    /// <summary>Asserts <paramref name="actual"/> has <paramref name="expected"/>'s shape (−1 matches any size).</summary>
    public static void Shape(long[] expected, Tensor actual, string what)
    {
        var shape = actual.shape;
        bool ok = shape.Length == expected.Length && expected.Zip(shape).All(p => p.First < 0 || p.First == p.Second);
        Assert.True(ok, $"{what}: shape [{string.Join(", ", shape)}], expected [{string.Join(", ", expected.Select(d => d < 0 ? "*" : d.ToString()))}].");
    }

    /// <summary>Asserts every value of a floating-point tensor is finite.</summary>
    public static void Finite(Tensor actual, string what)
    {
        if (!actual.is_floating_point()) return;
        using var scope = NewDisposeScope();
        Assert.True(actual.isfinite().all().item<bool>(), $"{what}: has NaN or infinite values.");
    }

    /// <summary>Asserts equal shapes, dtypes and bit-identical values.</summary>
    public static void BitwiseEqual(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape), $"{what}: shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}].");
        Assert.True(expected.dtype == actual.dtype, $"{what}: dtype {actual.dtype}, expected {expected.dtype}.");
        using var scope = NewDisposeScope();
        if (!Same(expected, actual)) Assert.Fail($"{what}: values differ (max |Δ| {MaxDifference(expected, actual):G6}).");
    }

    /// <summary>Asserts equal shapes and values within <paramref name="tolerance"/> (absolute): numpy's <c>allclose</c>
    /// with <c>rtol = 0</c> (see <see cref="Close(Tensor, Tensor, double, double, string)"/>).</summary>
    public static void Close(Tensor expected, Tensor actual, double tolerance = 1e-6, string what = "tensor") =>
        Close(expected, actual, tolerance, 0, what);

    /// <summary>
    /// numpy's <c>allclose</c> per element: |actual − expected| ≤ <paramref name="atol"/> + <paramref name="rtol"/>·|expected|.
    /// Infinities must match exactly, a NaN in <paramref name="actual"/> fails, and integer tensors must be equal. The
    /// message names the worst element.
    /// </summary>
    public static void Close(Tensor expected, Tensor actual, double atol, double rtol, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape), $"{what}: shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}].");
        using var scope = NewDisposeScope();
        if (!expected.is_floating_point())
        {
            Assert.True(expected.to_type(ScalarType.Int64).eq(actual.to_type(ScalarType.Int64)).all().item<bool>(), $"{what}: integer values differ.");
            return;
        }
        var e = expected.cpu().to_type(ScalarType.Float64);
        var a = actual.cpu().to_type(ScalarType.Float64);
        var eInf = e.isinf();
        Assert.False((eInf | a.isinf()).logical_and(e.ne(a)).any().item<bool>(), $"{what}: infinities differ.");
        Assert.False(a.isnan().any().item<bool>(), $"{what}: actual contains NaN.");
        var finite = eInf.logical_not();
        var diff = (a - e).abs().where(finite, zeros_like(e));
        var bound = (e.abs() * Scalars.S(rtol)).Plus(Scalars.S(atol)).where(finite, ones_like(e));
        var excess = diff - bound;
        if (excess.max().item<double>() > 0)
        {
            long i = excess.argmax().item<long>();
            Assert.Fail($"{what}: max |Δ| {diff.max().item<double>():G6} exceeds atol {atol:G3} + rtol {rtol:G3}·|expected| " +
                        $"(worst at flat index {i}: expected {e.flatten()[i].item<double>():G8}, got {a.flatten()[i].item<double>():G8}).");
        }
    }

    /// <summary>True when both state dicts have the same keys and bit-identical tensors.</summary>
    public static bool StateDictsEqual(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && kv.Value.shape.SequenceEqual(other.shape) && Same(kv.Value, other));

    /// <summary>Asserts both state dicts have the same keys and bit-identical tensors.</summary>
    public static void EqualStateDicts(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual, string what)
    {
        Assert.True(expected.Keys.OrderBy(k => k, StringComparer.Ordinal).SequenceEqual(actual.Keys.OrderBy(k => k, StringComparer.Ordinal)),
            $"{what}: keys differ ({string.Join(", ", expected.Keys.Except(actual.Keys).Concat(actual.Keys.Except(expected.Keys)))}).");
        foreach (var (key, value) in expected) BitwiseEqual(value, actual[key], $"{what}, '{key}'");
    }

    // Element-wise equality of values (NaN equal to NaN), shapes already known to match.
    private static bool Same(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var (x, y) = (a.cpu(), b.cpu());
        if (x.dtype != y.dtype) return false;
        if (!x.is_floating_point()) return x.eq(y).all().item<bool>();
        return (x.eq(y) | (x.isnan() & y.isnan())).all().item<bool>();
    }

    private static double MaxDifference(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a.cpu().to(ScalarType.Float64) - b.cpu().to(ScalarType.Float64)).abs().max().item<double>();
    }
}
