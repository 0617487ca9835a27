using ZslAttnGan.Data;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>
/// Diversity across seeds: for one caption and S seeds, the mean pairwise Euclidean distance between the generated
/// images' ImageNet ResNet-18 features (<see cref="FeatureDiversity.MeanPairwiseDistance"/>), next to the same figure
/// for up to S real images of the caption's species. Averaged over several captions (one per species) of each split;
/// reports <c>diversity</c> (generated), <c>diversity_real</c> and <c>diversity_ratio</c> (generated / real: 1 means
/// the seeds of a caption vary as much as real birds of its species, near 0 means one image per caption).
/// </summary>
/// <remarks>Real images come from the same pools as FRD's: held-out images of the seen species (the synthetic birds keep
/// 20 % of each species out of training, so a seen species may offer fewer than S of them: the mean over pairs does not
/// depend on how many), every image of an unseen species. Never training images.</remarks>
public sealed class DiversityMetric : IMetric
{
    private readonly ResNet18MetricOptions _options;

    /// <summary>Creates the metric.</summary>
    public DiversityMetric(ResNet18MetricOptions? options = null)
    {
        _options = options ?? new ResNet18MetricOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public string Name => "diversity";

    /// <inheritdoc />
    public string Description => "Mean pairwise ResNet-18 feature distance between seeds of one caption, vs real images of its species; higher is more varied.";

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) =>
        _options.Files.WhyMissing() ?? (context.Splits().Any() ? null : "no split has images");

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Report("loading ResNet-18 (ONNX)");
        using var extractor = ResNet18FeatureExtractor.Load(_options.Files, _options.Threads);
        int seeds = _options.DiversitySeeds;
        var results = new List<MetricResult>();
        foreach (var split in context.Splits())
        {
            if (!context.Data.Items(split).GroupBy(i => i.ClassIndex).Any(g => g.Count() >= 2)) continue;
            var variations = context.Variations(split, _options.DiversityCaptions, seeds);
            string name = split.ToString().ToLowerInvariant();
            context.Report($"ResNet-18 features of {seeds} seeds and up to {seeds} real images for {variations.Captions.Count} {name} captions");
            var random = new Random(context.SeedFor(1300 + (int)split));
            var real = variations.Items
                .Select(item => context.Data.Items(split).Where(i => i.ClassIndex == item.ClassIndex).OrderBy(_ => random.Next()).Take(seeds).ToList())
                .ToList();
            using var realImages = EvaluationData.LoadImages(real.SelectMany(r => r).ToList(), context.ImageSize, context.Options.Workers, context.CancellationToken);
            using var realFeatures = extractor.Extract(realImages, context.CancellationToken);
            using var generatedFeatures = extractor.Extract(variations.Images, context.CancellationToken);

            var generated = new List<double>();
            var reference = new List<double>();
            int offset = 0;
            for (int c = 0; c < variations.Captions.Count; c++)
            {
                using (var rows = generatedFeatures.narrow(0, (long)c * seeds, seeds)) generated.Add(FeatureDiversity.MeanPairwiseDistance(rows));
                using (var rows = realFeatures.narrow(0, offset, real[c].Count)) reference.Add(FeatureDiversity.MeanPairwiseDistance(rows));
                offset += real[c].Count;
            }
            var g = MeanStd.Of(generated, generated.Count);
            var r = MeanStd.Of(reference, reference.Count);
            string source = split == EvaluationSplit.Seen ? "held-out real images" : "real images";
            results.Add(MetricResult.From(Name, split, g, $"mean pairwise ResNet-18 distance of {seeds} seeds of one caption, ± over {g.Count} captions"));
            int fewest = real.Min(x => x.Count), most = real.Max(x => x.Count);
            results.Add(MetricResult.From(Name + "_real", split, r,
                $"same for {(fewest == most ? $"{most}" : $"{fewest}–{most}")} {source} of the caption's species, ± over species"));
            // Real images that are all identical leave no ratio to report (rather than an infinity).
            if (r.Value > 0)
                results.Add(new MetricResult(Name + "_ratio", split, g.Value / r.Value, null, g.Count, "generated / real: 1 = as varied as real birds of a species"));
        }
        return results;
    }
}
