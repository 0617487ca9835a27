namespace ZslAttnGan.Tests.Infrastructure;

/// <summary>
/// Guards the LibTorchSharp fix (build/LibTorchSharpGlibcxxFix.targets): without it every TorchSharp call fails on
/// Debian 12 with a misleading "doesn't contain a reference to libtorch-cpu-linux-x64" error.
/// </summary>
public class NativeLoadTests
{
    [Fact]
    public void TorchOnesCreatesATensor()
    {
        using var t = torch.ones(1);
        Assert.Equal(1.0f, t.item<float>());
    }
}
