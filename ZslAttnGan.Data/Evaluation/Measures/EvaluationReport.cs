using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// The results of one evaluation: a list of <see cref="MetricResult"/>s (metric, split, value, std, n, note) plus
/// free-form metadata (checkpoint, dataset, seed, timings). Serialises to JSON (exact round trip) and to a markdown
/// table (values printed with 6 significant digits; <see cref="FromMarkdown"/> reads it back to that precision).
/// </summary>
public sealed record EvaluationReport
{
    // An explicit resolver keeps this working in apps that turn reflection-based JSON off by default.
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The measured values, in the order the metrics ran.</summary>
    [JsonPropertyName("results")]
    public IReadOnlyList<MetricResult> Results { get; init; } = Array.Empty<MetricResult>();

    /// <summary>Context of the run (checkpoint, dataset, seed, duration, skipped metrics and why).</summary>
    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The result for <paramref name="metric"/> on <paramref name="split"/>, or null.</summary>
    public MetricResult? Find(string metric, EvaluationSplit split) =>
        Results.FirstOrDefault(r => r.Metric == metric && r.Split == split);

    /// <summary>The report as indented JSON (splits as <c>"seen"</c>, <c>"unseen"</c>, <c>"all"</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a report.</exception>
    public static EvaluationReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<EvaluationReport>(json, Json) ?? throw new InvalidDataException("The report is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Not an evaluation report: {e.Message}", e);
        }
    }

    /// <summary>The report as a markdown document: metadata as a bullet list, then one table row per result.</summary>
    public string ToMarkdown() => ReportMarkdown.Write(this);

    /// <summary>Reads a markdown report written by <see cref="ToMarkdown"/> (values to 6 significant digits).</summary>
    /// <exception cref="InvalidDataException">The text has no result table or a malformed row.</exception>
    public static EvaluationReport FromMarkdown(string markdown) => ReportMarkdown.Read(markdown);

    /// <summary>Writes <c>report.json</c> and <c>report.md</c> into <paramref name="directory"/> (created if needed).</summary>
    public void Save(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "report.json"), ToJson());
        File.WriteAllText(Path.Combine(directory, "report.md"), ToMarkdown());
    }
}
