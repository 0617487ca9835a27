using ZslAttnGan.Tests.Cli;

namespace ZslAttnGan.Tests.Distributed;

/// <summary>The <c>distributed</c> commands in the test host (not started by mpirun): a world of one.</summary>
public class DistributedCommandTests
{
    [Fact]
    public void SelftestPassesInAWorldOfOne()
    {
        var (code, _) = CliHarness.Run(["distributed", "selftest"]);
        Assert.Equal(0, code);
    }

    [Fact]
    public void BenchPrintsOneRowPerSize()
    {
        var (code, output) = CliHarness.Run(["distributed", "bench", "--iterations", "3", "--max-bytes", "65536"], width: 200);
        Assert.True(code == 0, output);
        Assert.Contains("1 rank, median of 3", output);
        Assert.Contains("no MPI (world of one)", output);
        foreach (var size in new[] { "4 kB", "16 kB", "64 kB" }) Assert.Contains(size, output);
        Assert.DoesNotContain("256 kB", output);
    }
}
