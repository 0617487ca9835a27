using System.Text.Json.Serialization;

namespace ZslAttnGan.Evaluation;

/// <summary>One line of an <see cref="EvaluationReport"/>.</summary>
/// <param name="Metric">Metric name, e.g. <c>r_precision</c>, <c>fid</c>, <c>zsl_top1</c>, <c>attribute_accuracy/body_colour</c>.</param>
/// <param name="Split">Classes the value was measured on.</param>
/// <param name="Value">The value (accuracies as fractions in [0, 1], not percentages).</param>
/// <param name="Std">Spread over folds/splits, or null when the metric has none.</param>
/// <param name="N">Number of samples (images, trials or queries) behind the value.</param>
/// <param name="Note">What the value means or how it was measured (e.g. "upper bound: real images"), or null.</param>
public sealed record MetricResult(
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("split")] EvaluationSplit Split,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("std")] double? Std,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("note")] string? Note = null)
{
    /// <summary>A result from a <see cref="MeanStd"/>.</summary>
    public static MetricResult From(string metric, EvaluationSplit split, MeanStd value, string? note = null, bool hasStd = true) =>
        new(metric, split, value.Value, hasStd ? value.Std : null, value.Count, note);
}
