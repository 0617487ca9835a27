using System.Globalization;
using System.Text;
using System.Text.Json;
using ZslAttnGan.Gazsl.Training;

namespace ZslAttnGan.Gazsl;

/// <summary>What a GAZSL run or evaluation reports (<c>report.json</c>, <c>report.md</c>). Accuracies in percent, AUC in [0, 1].</summary>
/// <param name="Layout">The data layout.</param>
/// <param name="Data">The data folder.</param>
/// <param name="SeenClasses">Number of seen classes.</param>
/// <param name="UnseenClasses">Number of unseen classes.</param>
/// <param name="TrainingImages">Training feature rows.</param>
/// <param name="Iterations">Iterations trained.</param>
/// <param name="Seconds">Wall time of this run's training (0 for an evaluation).</param>
/// <param name="ModelSelection">How the reported weights were chosen.</param>
/// <param name="Result">The evaluation of the reported weights.</param>
/// <param name="SelectedAtIteration">The iteration whose weights are reported (null: the last).</param>
/// <param name="Evaluations">Every evaluation during training.</param>
/// <param name="Notes">Protocol notes.</param>
public sealed record GazslReport(string Layout, string Data, int SeenClasses, int UnseenClasses, long TrainingImages, long Iterations, double Seconds,
    string ModelSelection, GazslEvaluation Result, long? SelectedAtIteration, IReadOnlyList<GazslEvaluation> Evaluations, IReadOnlyList<string> Notes)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes <c>report.json</c> and <c>report.md</c> into <paramref name="directory"/> (created); returns their paths.</summary>
    public (string Json, string Markdown) Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "report.json");
        var markdown = Path.Combine(directory, "report.md");
        File.WriteAllText(json, JsonSerializer.Serialize(this, Json));
        File.WriteAllText(markdown, ToMarkdown());
        return (json, markdown);
    }

    /// <summary>Reads a <c>report.json</c>.</summary>
    public static GazslReport Read(string path) =>
        JsonSerializer.Deserialize<GazslReport>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"'{path}' holds no GAZSL report.");

    /// <summary>The report as Markdown.</summary>
    public string ToMarkdown()
    {
        static string F(double? v, string format = "F2") => v is double d ? d.ToString(format, CultureInfo.InvariantCulture) : "—";
        var md = new StringBuilder();
        md.AppendLine("# GAZSL (ZSL-GAN) report").AppendLine();
        md.AppendLine($"Data: `{Data}` ({Layout}); {SeenClasses} seen and {UnseenClasses} unseen classes, {TrainingImages} training features.");
        md.AppendLine($"Trained {Iterations} iterations{(Seconds > 0 ? $" in {Seconds:F0} s" : "")}; weights: " +
                      (SelectedAtIteration is long s ? $"iteration {s} ({ModelSelection})" : $"the last ({ModelSelection})") + ".").AppendLine();
        md.AppendLine("| metric | value |").AppendLine("|---|---:|");
        md.AppendLine($"| ZSL top-1, per sample (%) | {F(Result.ZslAccuracy)} |");
        md.AppendLine($"| ZSL top-1, mean per class (%) | {F(Result.ZslMeanPerClassAccuracy)} |");
        md.AppendLine($"| validation (held-out seen classes, %) | {F(Result.ValidationAccuracy)} |");
        md.AppendLine($"| GZSL seen-unseen AUC | {F(Result.GzslAuc, "F4")} |");
        md.AppendLine($"| GZSL S / U / H (%) | {F(Result.GzslSeenAccuracy)} / {F(Result.GzslUnseenAccuracy)} / {F(Result.GzslHarmonic)} |").AppendLine();
        foreach (var note in Notes) md.AppendLine($"* {note}");
        if (Evaluations.Count > 0)
        {
            md.AppendLine().AppendLine("| iteration | ZSL (%) | validation (%) | AUC | H (%) |").AppendLine("|---:|---:|---:|---:|---:|");
            foreach (var e in Evaluations)
                md.AppendLine($"| {e.Iteration} | {F(e.ZslAccuracy)} | {F(e.ValidationAccuracy)} | {F(e.GzslAuc, "F4")} | {F(e.GzslHarmonic)} |");
        }
        return md.ToString();
    }
}
