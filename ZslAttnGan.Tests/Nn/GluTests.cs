using TorchSharp;
using ZslAttnGan.Nn;
using static TorchSharp.torch;

namespace ZslAttnGan.Tests.Nn;

/// <summary>Our GLU computes nn.GLU(1)'s values and gradients, and hands a channels-last input its gradient
/// channels-last. (In the generator's training graph libtorch's own handed the batch norm before it gradients in
/// another layout, which a profile showed as batch norm's serial backward kernel; isolated here, libtorch's GLU kept the
/// layout, so the test checks the guarantee, not the libtorch case.)</summary>
public class GluTests
{
    [Fact]
    public void ValuesAndGradientsEqualTorchGluAndTheGradientKeepsTheInputLayout()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        var data = randn(new long[] { 2, 8, 5, 6 }, generator: g);
        // A gradient that is neither NCHW- nor channels-last-contiguous, as some backward kernels hand on.
        var upstream = randn(new long[] { 2, 4, 6, 5 }, generator: g).transpose(2, 3);

        // libtorch's GLU on the same channels-last input (its values differ from an NCHW input's in the last bits).
        var nchw = MemoryFormats.ToChannelsLast(data.clone()).detach().requires_grad_();
        var expected = nn.functional.glu(nchw, 1);
        expected.backward(new[] { upstream });

        var cl = MemoryFormats.ToChannelsLast(data.clone()).detach().requires_grad_();
        Assert.True(MemoryFormats.IsChannelsLast(cl));
        using var glu = new Glu();
        var actual = glu.forward(cl);
        actual.backward(new[] { upstream });

        Assert.True(actual.allclose(expected, rtol: 0, atol: 0), "GLU values differ");
        Assert.True(cl.grad!.allclose(nchw.grad!, rtol: 0, atol: 0), "GLU input gradients differ");
        Assert.True(MemoryFormats.IsChannelsLast(cl.grad!), "the gradient of a channels-last input came back in another layout");
    }

    [Fact]
    public void WithoutGradientItIsPlainGlu()
    {
        using var scope = NewDisposeScope();
        var x = MemoryFormats.ToChannelsLast(randn(new long[] { 48 }).reshape(1, 4, 3, 4));
        using var glu = new Glu();
        using (no_grad())
            Assert.True(glu.forward(x).allclose(nn.functional.glu(x, 1), rtol: 0, atol: 0));
        Assert.Throws<ArgumentNullException>(() => glu.forward(null!));
    }
}
