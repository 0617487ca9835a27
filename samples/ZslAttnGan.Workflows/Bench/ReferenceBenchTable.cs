using System.Globalization;
using System.Text;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>The cells of the reference-comparison table, shared by the CLI's <c>bench</c> output and the Markdown in
/// docs/performance.md: ours beside the Python reference measured in the same run (the seed, and the same work as ours),
/// the ratio to the same work, GFLOP/s, utilisation of the measured FMA ceiling, peak RSS.</summary>
public static class ReferenceBenchTable
{
    /// <summary>Column headers.</summary>
    public static IReadOnlyList<string> Headers { get; } = new[]
    {
        "workload", "ours s", "Python seed s", "Python same work s", "ratio to same work", "GFLOP/step", "GFLOP/s",
        "of FMA ceiling", "peak RSS GB", "Python RSS GB",
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
                Seconds(r.MedianSeconds),
                r.Python is { } p ? Seconds(p.Seed.MedianSeconds) : "–",
                r.Python is { } q ? Seconds(q.SameWork.MedianSeconds) : "–",
                r.Ratio is { } ratio ? F(ratio, "F2") : "–",
                F(r.Flops / 1e9, "F1"),
                F(r.Gflops, "F1"),
                report.Machine.Utilisation(r.Gflops),
                F(r.PeakBytes / 1e9, "F2"),
                r.Python is { } m ? F(Math.Max(m.Seed.PeakRssMegabytes, m.SameWork.PeakRssMegabytes) / 1e3, "F2") : "–",
            };
        }
    }

    /// <summary>Said under the table when no Python reference ran.</summary>
    public const string NoReference = "No Python reference in this run, so no ratio: times from another run or machine say nothing. " +
        "Pass --reference-python <peer folder> (e.g. ../shared/peer, with Debian's python3-torch; docs/performance.md).";

    /// <summary>The image-pipeline line: ms per image by stage (compare with the seed's pipeline, peer_pipeline.py, pinned
    /// to the same core).</summary>
    public static string PipelineSummary(ImagePipelineTimings p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return string.Create(CultureInfo.InvariantCulture,
            $"image pipeline, one thread: {p.TotalMs:F2} ms/image = {p.ImagesPerSecond:F0} images/s. " +
            $"Stages: decode {p.DecodeMs:F2}, crop + resize + random crop {p.GeometryMs:F2}, pyramid {p.PyramidMs:F2}, flip + to-tensor + normalise {p.ToTensorMs:F2} ms.");
    }

    /// <summary>The table as Markdown, with the machine and pipeline lines under it.</summary>
    public static string Markdown(ReferenceBenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Headers).AppendLine(" |");
        sb.Append('|').AppendJoin("", Headers.Select(_ => "---|")).AppendLine();
        foreach (var row in Rows(report)) sb.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        sb.AppendLine();
        sb.AppendLine(report.Machine.Describe());
        if (report.Rows.Any(r => r.Python is null)) sb.AppendLine(NoReference);
        if (report.Pipeline is { } p) sb.AppendLine(PipelineSummary(p));
        return sb.ToString();
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Seconds(double value) => F(value, value < 1 ? "F3" : "F2");
}
