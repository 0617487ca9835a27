using System.Globalization;
using System.Text;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>The cells of the reference-comparison table, shared by the CLI's <c>bench</c> output and the Markdown in
/// docs/performance.md: ours beside the reference, ratio, GFLOP/s, fraction of the matmul peak, peak RSS.</summary>
public static class ReferenceBenchTable
{
    /// <summary>Column headers.</summary>
    public static IReadOnlyList<string> Headers { get; } = new[]
    {
        "workload", "median s", "reference s", "ratio", "GFLOP/step", "GFLOP/s", "of measured peak", "of 180 GFLOP/s",
        "peak RSS GB", "reference RSS GB",
    };

    /// <summary>One row of cells per workload.</summary>
    public static IEnumerable<string[]> Rows(ReferenceBenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var r in report.Rows)
        {
            yield return new[]
            {
                r.Workload.Description,
                F(r.MedianSeconds, r.MedianSeconds < 1 ? "F3" : "F2"),
                F(r.Workload.ReferenceSeconds, r.Workload.ReferenceSeconds < 1 ? "F3" : "F2"),
                F(r.Ratio, "F2"),
                F(r.Flops / 1e9, "F1"),
                F(r.Gflops, "F1"),
                F(r.Gflops / report.MeasuredPeakGflops, "P0"),
                F(r.Gflops / ReferenceWorkloads.IssuePeakGflops, "P0"),
                F(r.PeakBytes / 1e9, "F2"),
                F(r.Workload.ReferencePeakGigabytes, "F2"),
            };
        }
    }

    /// <summary>The image-pipeline line: ms per image by stage and throughput against the reference.</summary>
    public static string PipelineSummary(ImagePipelineTimings p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return string.Create(CultureInfo.InvariantCulture,
            $"image pipeline, one thread: {p.TotalMs:F2} ms/image = {p.ImagesPerSecond:F0} images/s ({p.SpeedupOverReference:F2}× the reference's 247; target 1.5× = 370). " +
            $"Stages: decode {p.DecodeMs:F2}, crop + resize + random crop {p.GeometryMs:F2}, pyramid {p.PyramidMs:F2}, flip + to-tensor + normalise {p.ToTensorMs:F2} ms.");
    }

    /// <summary>The table as Markdown, with the peak and pipeline lines under it.</summary>
    public static string Markdown(ReferenceBenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Headers).AppendLine(" |");
        sb.Append('|').AppendJoin("", Headers.Select(_ => "---|")).AppendLine();
        foreach (var row in Rows(report)) sb.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Measured float32 matmul peak: {report.MeasuredPeakGflops:F1} GFLOP/s at {report.Threads} threads (issue: about 180)."));
        if (report.Pipeline is { } p) sb.AppendLine(PipelineSummary(p));
        return sb.ToString();
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
