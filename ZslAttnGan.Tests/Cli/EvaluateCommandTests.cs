using ZslAttnGan.Testing;
using Spectre.Console;
using ZslAttnGan.Cli;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Evaluation;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Cli;

/// <summary><c>evaluate</c> runs FRD (diversity shares its path: ResNet18MetricTests), and says why not when the ResNet-18
/// files are missing.</summary>
public class EvaluateCommandTests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    private static (int Code, string Output) Run(params string[] args) => CliHarness.Run(args, width: 400);

    [Fact]
    public void EvaluateReportsFrdAndDiversityOrWhyNot()
    {
        using var tmp = new TempFolder();
        var data = EvaluationData.Load(fixture.Dataset, fixture.Vocabulary);
        var checkpoint = tmp.Combine("checkpoint");
        using (var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), fixture.Vocabulary.Count, data.Seen.Classes.Count, seed: 6))
            Checkpoint.Save(checkpoint, model, fixture.Vocabulary);

        var report = tmp.Combine("report");
        var (code, output) = Run("evaluate", "-c", checkpoint, "-d", fixture.Result.Root, "-o", report, "--samples", "6", "--metrics", "frd");
        Assert.True(code == 0, output);
        Assert.Contains("frd_real", output);
        var saved = EvaluationReport.FromJson(File.ReadAllText(Path.Combine(report, "report.json")));
        Assert.NotNull(saved.Find("frd", EvaluationSplit.Unseen));
        Assert.NotNull(saved.Find("frd_real", EvaluationSplit.Seen));

        var missing = tmp.Combine("no-models");
        (code, output) = Run("evaluate", "-c", checkpoint, "-d", fixture.Result.Root, "-o", tmp.Combine("report2"), "--samples", "6",
            "--metrics", "frd,diversity_resnet18", "--resnet18-models", missing);
        Assert.True(code == 0, output);
        Assert.Contains("frd not applicable", output);
        Assert.Contains("diversity_resnet18 not applicable", output);
        Assert.Contains(missing, output);
        Assert.DoesNotContain("frd_real", output);
    }
}
