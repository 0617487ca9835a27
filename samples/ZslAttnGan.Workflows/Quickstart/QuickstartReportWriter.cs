using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ZslAttnGan.Workflows.Quickstart;

/// <summary>Writes a <see cref="QuickstartReport"/> as JSON (for tools) and Markdown (for people).</summary>
public static class QuickstartReportWriter
{
    /// <summary>The JSON settings of <c>report.json</c> (camelCase, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes <paramref name="report"/> as JSON.</summary>
    public static void WriteJson(QuickstartReport report, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(report, JsonOptions));

    /// <summary>Reads a report written by <see cref="WriteJson"/>.</summary>
    public static QuickstartReport ReadJson(string path) =>
        JsonSerializer.Deserialize<QuickstartReport>(File.ReadAllText(path), JsonOptions)
        ?? throw new InvalidDataException($"'{path}' holds no report.");

    /// <summary>Writes <paramref name="report"/> as Markdown, with the previews embedded.</summary>
    public static void WriteMarkdown(QuickstartReport report, string path) => File.WriteAllText(path, Markdown(report));

    /// <summary>The Markdown text of <paramref name="report"/>.</summary>
    public static string Markdown(QuickstartReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var r = report;
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# ZslAttnGan quick start").AppendLine();
        var limit = r.TimeLimitMinutes is { } minutes ? string.Create(inv, $" or {minutes:0.##} min, whichever came first") : "";
        var load = r.LoadAverageAtStart is { } l ? string.Create(inv, $", load average {l:0.0} at start") : "";
        md.AppendLine(inv, $"Started {r.Started:yyyy-MM-dd HH:mm:ss zzz} on {r.Machine}, {r.Threads} threads{load}; preset `{r.Preset}`, seed {r.Seed}; " +
                           $"budget {r.EncoderSteps} encoder + {r.GanSteps} GAN steps{limit}; wall time {r.WallSeconds / 60:0.0} min ({r.WallSeconds:0} s).").AppendLine();
        foreach (var warning in r.Warnings) md.AppendLine(inv, $"> **Warning:** {warning}").AppendLine();

        md.AppendLine("## Data").AppendLine();
        md.AppendLine(inv, $"Synthetic birds in `{r.Dataset.Root}`: {r.Dataset.Images} images; {r.Dataset.SeenSpecies} seen species " +
                           $"({r.Dataset.TrainingImages} training images) and {r.Dataset.UnseenSpecies} unseen species, never trained on.").AppendLine();

        md.AppendLine("## Training").AppendLine();
        md.AppendLine("| phase | steps | of | seconds | s/step | time limit s | stopped by | final losses |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|---|");
        foreach (var p in r.Phases)
        {
            var losses = string.Join(", ", p.FinalLosses.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(inv, $"{kv.Key} {kv.Value:0.###}")));
            md.AppendLine(inv, $"| {p.Phase} | {p.Steps} | {p.StepLimit} | {p.Seconds:0} | {(p.SecondsPerStep is { } s ? s.ToString("0.00", inv) : "–")} | " +
                               $"{(p.TimeLimitSeconds is { } t ? t.ToString("0", inv) : "–")} | {p.StoppedBy} | {losses} |");
        }
        md.AppendLine();
        md.AppendLine("Time per stage: " + string.Join(", ", r.StageSeconds.Select(kv => string.Create(inv, $"{kv.Key} {kv.Value:0} s"))) + ".").AppendLine();
        if (r.Curves.Count > 0)
        {
            md.AppendLine("Training curves (each loss, learning rate and images/s against steps: light = logged values, dark = smoothed; numbers in `metrics.csv` beside each plot):").AppendLine();
            foreach (var curve in r.Curves) md.AppendLine($"![{curve.Replace('\\', '/')}]({curve.Replace('\\', '/')})").AppendLine();
        }

        md.AppendLine("## Evaluation").AppendLine();
        if (r.Metrics.Count > 0)
        {
            // Every attribute figure of generated images stands beside the judge's accuracy on real images of the same
            // attribute and split: a figure is only as good as the judge that read it.
            md.AppendLine("| metric | split | value | judge on real images | how |");
            md.AppendLine("|---|---|---:|---:|---|");
            foreach (var m in r.Metrics)
            {
                var judge = JudgeFigure(r.Metrics, m);
                md.AppendLine(inv, $"| {m.Name} | {m.Split ?? "–"} | {m.Value:0.####} | {(judge is { } j ? j.ToString("0.###", inv) : "")} | {m.Description ?? ""} |");
            }
            md.AppendLine();
        }
        if (r.EvaluationNote is not null) md.AppendLine(r.EvaluationNote).AppendLine();

        md.AppendLine("## Output").AppendLine();
        md.AppendLine($"Checkpoint: `{r.Checkpoint}` (load it with `TextToImagePipeline.Load`, or `zsl-attngan generate --checkpoint {r.Checkpoint} \"a bird …\"`).").AppendLine();
        foreach (var preview in r.Previews)
            md.AppendLine($"### {Path.GetFileNameWithoutExtension(preview)}").AppendLine().AppendLine($"![{Path.GetFileNameWithoutExtension(preview)}]({preview.Replace('\\', '/')})").AppendLine();
        return md.ToString();
    }

    /// <summary>For an <c>attribute_accuracy[/attr]</c> row, the matching <c>attribute_accuracy_real[/attr]</c> value of the
    /// same split; null for other rows.</summary>
    public static double? JudgeFigure(IReadOnlyList<ReportMetric> metrics, ReportMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(metric);
        const string generated = "attribute_accuracy";
        if (!(metric.Name == generated || metric.Name.StartsWith(generated + "/", StringComparison.Ordinal))) return null;
        var real = "attribute_accuracy_real" + metric.Name[generated.Length..];
        return metrics.FirstOrDefault(m => m.Name == real && m.Split == metric.Split)?.Value;
    }
}
