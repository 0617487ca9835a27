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

    /// <summary>Whether the metric merges its partial statistics over <see cref="EvaluationContext.Group"/>, so that a
    /// sharded evaluation gives the single-process result. A metric that does not (the default, for metrics written
    /// before sharding) would see only its rank's shard of every sample, so the <see cref="Evaluator"/> refuses to run it
    /// on more than one rank with a <see cref="NotSupportedException"/> naming it.</summary>
    bool SupportsSharding => false;

    /// <summary>Measures, returning one or more results (per split, per attribute, bounds).</summary>
    IEnumerable<MetricResult> Evaluate(EvaluationContext context);
}
