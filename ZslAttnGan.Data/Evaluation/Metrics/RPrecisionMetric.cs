namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>R-precision (R = 1) of generated images per split, DM-GAN protocol (see <see cref="RPrecision"/>): the
/// mismatched captions are drawn from the split's images of other classes.</summary>
public sealed class RPrecisionMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "r_precision";

    /// <inheritdoc />
    public string Description => "Share of generated images whose own caption ranks first among 1 true + (pool−1) mismatched captions by DAMSM cosine.";

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) => null;

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Options;
        foreach (var split in context.Splits())
        {
            var set = context.Generated(split);
            var items = context.Data.Items(split);
            if (items.Select(ClassLabels.Of).Distinct().Count() < 2) continue; // no caption of another class to mismatch with
            var captions = items.SelectMany(i => i.Captions).ToList();
            var classes = items.SelectMany(i => i.Captions.Select(_ => ClassLabels.Of(i))).ToList();
            context.Report($"encoding {captions.Count} candidate captions ({split.ToString().ToLowerInvariant()})");
            using var g = context.GeneratorFor(700 + (int)split);
            using var candidates = ModelSampling.EncodeCaptions(context.Model, captions, g, o.BatchSize, o.MaxWords);
            var value = RPrecision.Compute(set.ImageCodes, set.TextCodes, set.Classes, candidates, classes,
                new RPrecisionOptions { PoolSize = o.RPrecisionPoolSize, Folds = o.RPrecisionFolds, Seed = context.SeedFor(800 + (int)split) });
            yield return MetricResult.From(Name, split, value, $"R@1, pool {o.RPrecisionPoolSize}, {Math.Min(o.RPrecisionFolds, value.Count)} folds");
        }
    }
}
