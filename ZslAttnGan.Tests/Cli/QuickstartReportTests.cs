using ZslAttnGan.Workflows.Quickstart;

namespace ZslAttnGan.Tests.Cli;

/// <summary>The report puts the judge's real-image accuracy beside every attribute figure of generated images.</summary>
public class QuickstartReportTests
{
    [Fact]
    public void EveryGeneratedAttributeFigureGetsTheJudgeFigureOfItsAttributeAndSplit()
    {
        var metrics = new List<ReportMetric>
        {
            new("attribute_accuracy", 0.4, "unseen"), new("attribute_accuracy/wing", 0.3, "unseen"),
            new("attribute_accuracy_real", 0.98, "unseen"), new("attribute_accuracy_real/wing", 0.97, "unseen"),
            new("attribute_accuracy_real/wing", 0.5, "seen"), new("attribute_accuracy/wing", 0.2, "seen"),
            new("attribute_accuracy/head", 0.2, "seen"), new("r_precision", 0.7, "seen"),
        };
        Assert.Equal(0.98, QuickstartReportWriter.JudgeFigure(metrics, metrics[0]));
        Assert.Equal(0.97, QuickstartReportWriter.JudgeFigure(metrics, metrics[1]));
        Assert.Equal(0.5, QuickstartReportWriter.JudgeFigure(metrics, metrics[5]));
        Assert.Null(QuickstartReportWriter.JudgeFigure(metrics, metrics[6])); // no judge figure for that attribute
        Assert.Null(QuickstartReportWriter.JudgeFigure(metrics, metrics[7]));
        Assert.Null(QuickstartReportWriter.JudgeFigure(metrics, metrics[2])); // real rows are the judge figures themselves
    }
}
