namespace ZslAttnGan.Tests;

public static class TensorAssert
{
    /// <summary>numpy.allclose semantics per element; infinities must match exactly; integer tensors must be equal.</summary>
    public static void Close(Tensor expected, Tensor actual, double atol, double rtol, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: expected shape [{string.Join(", ", expected.shape)}] but got [{string.Join(", ", actual.shape)}]");
        if (!expected.is_floating_point())
        {
            Assert.True(expected.to_type(ScalarType.Int64).eq(actual.to_type(ScalarType.Int64)).all().item<bool>(), $"{what}: integer values differ");
            return;
        }
        using var scope = NewDisposeScope();
        var e = expected.to_type(ScalarType.Float64);
        var a = actual.to_type(ScalarType.Float64);
        var eInf = e.isinf();
        var infMismatch = (eInf | a.isinf()).logical_and(e.ne(a));
        Assert.False(infMismatch.any().item<bool>(), $"{what}: infinities differ");
        Assert.False(a.isnan().any().item<bool>(), $"{what}: actual contains NaN");
        var finite = eInf.logical_not();
        var diff = (a - e).abs().where(finite, zeros_like(e));
        var bound = (e.abs() * Scalars.S(rtol)).Plus(Scalars.S(atol)).where(finite, ones_like(e));
        var excess = diff - bound;
        var worst = excess.max().item<double>();
        if (worst > 0)
        {
            var idx = excess.argmax().item<long>();
            Assert.Fail($"{what}: max |diff| {diff.max().item<double>():G6} exceeds atol {atol} + rtol {rtol}·|expected| " +
                        $"(worst at flat index {idx}: expected {e.flatten()[idx].item<double>():G8}, got {a.flatten()[idx].item<double>():G8})");
        }
    }

    public static void Close(Tensor expected, Tensor actual, double atol = 1e-6, string what = "tensor") =>
        Close(expected, actual, atol, 0, what);
}
