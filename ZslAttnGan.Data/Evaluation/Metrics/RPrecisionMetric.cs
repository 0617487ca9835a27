using ZslAttnGan.Collectives;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>R-precision (R = 1) of generated images per split, DM-GAN protocol (see <see cref="RPrecision"/>): the
/// mismatched captions are drawn from the split's images of other classes.</summary>
/// <remarks>Sharded: each rank scores the trials of its generated rows; the hits are counted per fold (the fold of a
/// trial depends only on the number of trials and the seed) and the counts summed over the ranks, so the result is
/// exactly the single-process one.</remarks>
public sealed class RPrecisionMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "r_precision";

    /// <inheritdoc />
    public string Description => "Share of generated images whose own caption ranks first among 1 true + (pool−1) mismatched captions by DAMSM cosine.";

    /// <inheritdoc />
    public bool SupportsSharding => true;

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
            // Every rank encodes every candidate with the same generator: any trial may draw any candidate.
            using var g = context.GeneratorFor(700 + (int)split);
            using var candidates = ModelSampling.EncodeCaptions(context.Model, captions, g, o.BatchSize, o.MaxWords);
            int seed = context.SeedFor(800 + (int)split);
            var hits = RPrecision.HitsOfRows(set.ImageCodes, set.TextCodes, set.Rows, set.AllItems.Select(ClassLabels.Of).ToList(),
                candidates, classes, o.RPrecisionPoolSize, seed);
            var fold = RPrecision.FoldOf(set.Total, o.RPrecisionFolds, seed);
            var perFold = new long[Math.Min(o.RPrecisionFolds, set.Total)];
            for (int k = 0; k < hits.Length; k++)
                if (hits[k] && fold[set.Rows[k]] >= 0) perFold[fold[set.Rows[k]]]++;
            var value = RPrecision.FromFoldHits(context.Group.SumOverRanks(perFold), set.Total);
            yield return MetricResult.From(Name, split, value, $"R@1, pool {o.RPrecisionPoolSize}, {Math.Min(o.RPrecisionFolds, value.Count)} folds");
        }
    }
}
