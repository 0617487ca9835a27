namespace ZslAttnGan.Evaluation;

/// <summary>A named evaluation metric. Register custom metrics in a <see cref="MetricRegistry"/>.</summary>
public interface IMetric
{
    /// <summary>The registry name (e.g. <c>r_precision</c>).</summary>
    string Name { get; }

    /// <summary>One line on what it measures.</summary>
    string Description { get; }

    /// <summary>Null when the metric can run in <paramref name="context"/>, else why not (e.g. "no FID weights file").</summary>
    string? WhyNotApplicable(EvaluationContext context);

    /// <summary>Measures, returning one or more results (per split, per attribute, bounds).</summary>
    IEnumerable<MetricResult> Evaluate(EvaluationContext context);
}
