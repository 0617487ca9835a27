using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Tests.TorchSharpWorkarounds;

public class TensorOpsTests
{
    [Fact]
    public void PlusEqualsTheOperatorForFloatAndIntegerTensors()
    {
        using var g = new Generator(7);
        var a = randn(new long[] { 3, 4 }, generator: g);
        var b = randn(new long[] { 1, 4 }, generator: g);
        // The racy operator is the reference here (and only here).
#pragma warning disable RS0030
        Assert.True(a.Plus(b).equal(a + b).all().item<bool>());
#pragma warning restore RS0030
        var i = Ranges.Arange(6).reshape(2, 3);
        var sum = i.Plus(i);
        Assert.Equal(ScalarType.Int64, sum.dtype);
        Assert.Equal(new long[] { 0, 2, 4, 6, 8, 10 }, sum.flatten().data<long>().ToArray());
    }

    [Fact]
    public void PlusInPlaceAddsAScalarToTheSameTensor()
    {
        var a = zeros(3);
        var same = a.PlusInPlace(Scalars.S(0.25));
        Assert.Same(a, same);
        Assert.Equal(new[] { 0.25f, 0.25f, 0.25f }, a.data<float>().ToArray());
    }
}
