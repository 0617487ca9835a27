using Spectre.Console;
using ZslAttnGan.Cli;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Training;
using ZslAttnGan.Workflows.Bench;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Tests.Cli;

/// <summary>Which native heap policy the CLI picks per command line, and the policy names. (Nothing here applies a
/// policy: that is process-wide and would change the heap under every other test.)</summary>
public class HeapSetupTests
{
    private static NativeHeapPolicy Choose(params string[] args) =>
        HeapSetup.Choose(CliHarness.Parse(args));

    [Theory]
    [InlineData(NativeHeapPolicy.Retain, "quickstart")]
    [InlineData(NativeHeapPolicy.Retain, "train", "-p", "gan", "-d", "x", "-o", "y")]
    [InlineData(NativeHeapPolicy.Retain, "train", "-p", "gan", "-d", "x", "-o", "y", "--preset", "synthetic")]
    [InlineData(NativeHeapPolicy.HugePages, "train", "-p", "gan", "-d", "x", "-o", "y", "--preset", "ZslAttnGanCub")]
    [InlineData(NativeHeapPolicy.HugePages, "bench")]
    [InlineData(NativeHeapPolicy.Retain, "bench", "--memory")]
    [InlineData(NativeHeapPolicy.Retain, "bench", "--preset", "Synthetic")]
    [InlineData(NativeHeapPolicy.HugePages, "generate", "--checkpoint", "c", "--file", "captions.txt")]
    public void ChoosesByCommandAndPreset(NativeHeapPolicy expected, params string[] args) => Assert.Equal(expected, Choose(args));

    [Fact]
    public void SmallModelsRetainAndLargeOnesUseHugePages()
    {
        Assert.Equal(NativeHeapPolicy.Retain, HeapPolicies.For(Presets.Synthetic.Model));
        Assert.Equal(NativeHeapPolicy.HugePages, HeapPolicies.For(Presets.ZslAttnGanCub.Model));
        Assert.Equal(NativeHeapPolicy.HugePages, HeapPolicies.For(Presets.AttnGanCoco.Model));
    }

    [Theory]
    [InlineData("default", NativeHeapPolicy.Default)]
    [InlineData("Retain", NativeHeapPolicy.Retain)]
    [InlineData(" hugepages ", NativeHeapPolicy.HugePages)]
    [InlineData("huge-pages", NativeHeapPolicy.HugePages)]
    public void ParsesPolicyNames(string name, NativeHeapPolicy expected) => Assert.Equal(expected, NativeHeap.Parse(name));

    [Fact]
    public void UnknownPolicyNameListsTheValidOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => NativeHeap.Parse("jemalloc"));
        Assert.Contains("jemalloc", e.Message);
        Assert.Contains("hugepages", e.Message);
    }

    [Fact]
    public void NegativeHeapReleaseIntervalIsRejected() =>
        Assert.Throws<ArgumentException>(() => new TrainingOptions { HeapReleaseInterval = -1 }.Validate());

    [Fact]
    public void MemoryReportMeasuresPeakGrowthFromTheSecondInterval()
    {
        var report = new MemoryStabilityReport(new[]
        {
            new RssSample(50, 100, 1, 0, 10, WindowPeakBytes: 400),
            new RssSample(100, 110, 2, 0, 10, WindowPeakBytes: 200),
            new RssSample(150, 120, 3, 0, 12, WindowPeakBytes: 210),
        });
        Assert.Equal(0.05, report.PeakGrowthAfterFirstInterval, 12);
        Assert.Equal(0.2, report.GrowthAfterFirstInterval, 12);
        Assert.Equal(0.02, report.TensorsPerStep, 12);
    }
}
