using ZslAttnGan.Gazsl;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Gazsl.Data;

namespace ZslAttnGan.Tests.Cli;

/// <summary><c>gazsl train</c> / <c>gazsl evaluate</c> through the CLI on the original-format mini dataset (small nets
/// come from the preset's sizes; the data are tiny, so a run takes seconds).</summary>
public class GazslCommandTests
{
    private static string[] TrainArgs(string output, params string[] more) => TrainArgs(output, 6, 8, more);

    private static string[] TrainArgs(string output, int iterations, int batch, params string[] more) =>
        ["gazsl", "train", "-d", GazslDataFixtures.CubRoot, "-o", output, "--iterations", $"{iterations}", "--batch-size", $"{batch}", "--preset", "images", .. more];

    [Fact]
    public void TrainWritesACheckpointAndReportThatResumeAndEvaluateAgreeWith()
    {
        using var folder = new TempFolder();
        var run = Path.Combine(folder.Path, "run");
        var (code, output) = CliHarness.Run(TrainArgs(run), width: 200);
        Assert.True(code == 0, output);
        var first = GazslReport.Read(Path.Combine(run, "report.json"));
        Assert.Equal(6, first.Iterations);
        Assert.Equal(nameof(GazslDataLayout.ZslGanCub), first.Layout);
        Assert.InRange(first.Result.ZslAccuracy, 0, 100);
        Assert.Null(first.Result.GzslAuc);                       // this layout has no held-out seen images
        Assert.Contains("ZSL top-1", output);
        Assert.True(File.Exists(Path.Combine(run, "report.md")));

        // Evaluating the checkpoint gives the report's figures (the evaluation is seeded by the iteration).
        var evaluation = Path.Combine(folder.Path, "eval");
        (code, output) = CliHarness.Run(["gazsl", "evaluate", "-c", Path.Combine(run, GazslRun.CheckpointFolder), "-d", GazslDataFixtures.CubRoot, "-o", evaluation]);
        Assert.True(code == 0, output);
        var evaluated = GazslReport.Read(Path.Combine(evaluation, "report.json"));
        Assert.Equal(first.Result, evaluated.Result);

        // Resuming continues the same run; a changed batch size is refused, naming the option.
        (code, output) = CliHarness.Run(TrainArgs(run, 9, 8, "-r", "latest"));
        Assert.True(code == 0, output);
        Assert.Equal(9, GazslReport.Read(Path.Combine(run, "report.json")).Iterations);
        var error = Assert.ThrowsAny<Exception>(() => CliHarness.RunOrThrow(TrainArgs(run, 12, 4, "-r", "latest")));
        Assert.Contains("BatchSize", error.Message);
    }

    [Fact]
    public void TheOriginalsGzslProtocolIsAnOptionAndLayoutErrorsNameTheFolder()
    {
        using var folder = new TempFolder();
        var run = Path.Combine(folder.Path, "run");
        var (code, output) = CliHarness.Run(TrainArgs(run, "--training-as-seen-test", "--selection", "TestSetLikeReference"), width: 200);
        Assert.True(code == 0, output);
        var report = GazslReport.Read(Path.Combine(run, "report.json"));
        Assert.NotNull(report.Result.GzslAuc);
        Assert.Contains(report.Notes, n => n.Contains("optimistic", StringComparison.Ordinal));

        var error = Assert.Throws<ArgumentException>(() => CliHarness.RunOrThrow("gazsl", "train", "-d", folder.Path, "-o", run));
        Assert.Contains(folder.Path, error.Message);
    }
}
