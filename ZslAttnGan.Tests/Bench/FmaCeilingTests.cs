using System.Runtime.Intrinsics.X86;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Tests.Bench;

/// <summary>The FMA ceiling is a physical rate: positive, and below what any x86 core can retire (2 FMA per cycle at
/// 6 GHz). A loop whose FMAs the compiler dropped reads ten times too high and fails here.</summary>
public class FmaCeilingTests
{
    private const double MaxClockHz = 6e9, FmaPerCycle = 2;

    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    public void TheCeilingIsWithinWhatOneCoreCanRetire(int vectorBits)
    {
        bool supported = vectorBits == 512 ? Avx512F.IsSupported : Fma.IsSupported;
        double gflops = FmaCeiling.Measure(threads: 1, vectorBits, repeats: 2, secondsPerRun: 0.05);
        if (!supported)
        {
            Assert.True(double.IsNaN(gflops));
            return;
        }
        double physical = MaxClockHz * FmaPerCycle * (vectorBits / 32) * 2 / 1e9;
        Assert.InRange(gflops, 1, physical);
    }

    [Fact]
    public void BadArgumentsAreRefusedByName()
    {
        Assert.Equal("threads", Assert.Throws<ArgumentOutOfRangeException>(() => FmaCeiling.Measure(0)).ParamName);
        Assert.Equal("vectorBits", Assert.Throws<ArgumentOutOfRangeException>(() => FmaCeiling.Measure(1, 128)).ParamName);
    }
}
