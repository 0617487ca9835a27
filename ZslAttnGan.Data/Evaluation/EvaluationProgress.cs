namespace ZslAttnGan.Evaluation;

/// <summary>Progress of an evaluation.</summary>
/// <param name="Metric">The metric running (or "setup").</param>
/// <param name="Step">What is happening, e.g. "generating unseen images".</param>
/// <param name="MetricIndex">0-based index of the metric among those that run.</param>
/// <param name="MetricCount">Number of metrics that run.</param>
public sealed record EvaluationProgress(string Metric, string Step, int MetricIndex, int MetricCount);
