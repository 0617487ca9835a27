using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;

namespace ZslAttnGan.Tests.TorchSharpWorkarounds;

public class ConvolutionBackendTests
{
    [Fact]
    public void AfterTheFirstLayerThePolicyIsAppliedAndAutoReportsWhatItFound()
    {
        using var conv = new Convolution2d(4, 4, 3);
        if (ConvolutionBackend.Policy == ConvolutionBackendPolicy.Auto)
        {
            Assert.NotNull(ConvolutionBackend.CheckResult);
            // Whatever the machine: oneDNN stays on exactly when the check found it right.
            Assert.Equal(ConvolutionBackend.CheckResult!.Contains("agree with float64", StringComparison.Ordinal), ConvolutionBackend.OneDnnEnabled);
        }
        else Assert.Equal(ConvolutionBackend.Policy == ConvolutionBackendPolicy.OneDnn, ConvolutionBackend.OneDnnEnabled);
    }

    [Fact]
    public void TheCheckPassesWithTheBackendInForce()
    {
        // Whichever backend the process settled on must compute the checked shapes correctly (oneDNN when it was found
        // right, the native kernels otherwise); a machine where neither holds fails here.
        ConvolutionBackend.EnsureApplied();
        if (ConvolutionBackend.Policy == ConvolutionBackendPolicy.OneDnn) return; // unchecked by the user's choice
        Assert.Null(OneDnnCheck.FirstWrongResult());
    }

    [Fact]
    public void NnpackIsOffWhateverThePolicy()
    {
        // On CPUs NNPACK does not support, libtorch printed a warning per convolution it considered for NNPACK.
        using var conv = new Convolution2d(2, 2, 3);
        Assert.False(ConvolutionBackend.NnpackEnabled);
    }
}
