using System.Runtime.InteropServices;
using ZslAttnGan.TorchSharpWorkarounds;

namespace ZslAttnGan.Tests.TorchSharpWorkarounds;

public class CpuKernelIsaTests
{
    [Fact]
    public void LibtorchNamesAKernelFamilyThisCpuCanRun()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        var active = CpuKernelIsa.Active;
        Assert.NotNull(active);
        Assert.Contains(active, new[] { "NO AVX", "AVX2", "AVX512" });
        // A family the CPU lacks would crash on its first kernel; a wrong reading of the returned string would not match.
        if (active == "AVX512") Assert.True(System.Runtime.Intrinsics.X86.Avx512F.IsSupported);
        if (active == "AVX2") Assert.True(System.Runtime.Intrinsics.X86.Avx2.IsSupported);
        // Without a user's override libtorch takes the widest family the CPU has: AVX2 or better wherever AVX2 exists.
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && Environment.GetEnvironmentVariable(CpuKernelIsa.EnvironmentVariable) is null)
            Assert.NotEqual("NO AVX", active);
    }

    [Fact]
    public void AskingTwiceGivesTheSameAnswer() => Assert.Equal(CpuKernelIsa.Active, CpuKernelIsa.Active);
}
