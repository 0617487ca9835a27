using ZslAttnGan.Evaluation;

namespace ZslAttnGan.Tests.Evaluation;

public class ReportTests
{
    private static EvaluationReport Sample() => new()
    {
        Results = new[]
        {
            new MetricResult("r_precision", EvaluationSplit.Seen, 0.678212345, 0.0443, 100),
            new MetricResult("fid", EvaluationSplit.Unseen, 123.456789, null, 250, "pool3 | torchvision weights"),
            new MetricResult("gzsl_auc", EvaluationSplit.All, 0.354, null, 500, "calibrated: λ ∈ [−2, 2)"),
            new MetricResult("attribute_accuracy/body_colour", EvaluationSplit.Unseen, 1.0 / 3, 0.0, 40, "multi\nline"),
        },
        Metadata = new Dictionary<string, string> { ["checkpoint"] = "/tmp/ck|pt", ["seed: x"] = "7" },
    };

    [Fact]
    public void JsonRoundTripIsExact()
    {
        var r = Sample();
        var json = r.ToJson();
        Assert.Contains("\"split\": \"unseen\"", json);
        var back = EvaluationReport.FromJson(json);
        Assert.Equal(r.Results, back.Results);
        Assert.Equal(r.Metadata, back.Metadata);
        Assert.Throws<InvalidDataException>(() => EvaluationReport.FromJson("[1, 2]"));
    }

    [Fact]
    public void MarkdownRoundTripKeepsEverythingToSixDigits()
    {
        var r = Sample();
        var md = r.ToMarkdown();
        Assert.Contains("| r_precision | seen | 0.678212 | 0.0443 | 100 |", md);
        var back = EvaluationReport.FromMarkdown(md);
        Assert.Equal(r.Metadata, back.Metadata);
        Assert.Equal(r.Results.Count, back.Results.Count);
        for (int i = 0; i < r.Results.Count; i++)
        {
            var (a, b) = (r.Results[i], back.Results[i]);
            Assert.Equal((a.Metric, a.Split, a.N, a.Note), (b.Metric, b.Split, b.N, b.Note));
            Assert.Equal(a.Value, b.Value, Math.Abs(a.Value) * 1e-5);
            Assert.Equal(a.Std is null, b.Std is null);
        }
        Assert.Throws<InvalidDataException>(() => EvaluationReport.FromMarkdown("no table"));
    }
}
