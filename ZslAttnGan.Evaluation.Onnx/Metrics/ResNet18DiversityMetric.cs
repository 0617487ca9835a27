using ZslAttnGan.Data;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>
/// Diversity across seeds in ImageNet ResNet-18 feature space: for one caption and S seeds, the mean pairwise Euclidean
/// distance between the generated images' ResNet-18 features (<see cref="FeatureDiversity.MeanPairwiseDistance"/>), next
/// to the same figure for up to S real images of the caption's species (<see cref="DiversitySample"/>). Reports
/// <c>diversity_resnet18</c>, <c>diversity_resnet18_real</c> and <c>diversity_resnet18_ratio</c>.
/// </summary>
/// <remarks>Read it beside the pixel figure (<see cref="PixelDiversityMetric"/>, <c>diversity</c>): on blurred,
/// off-manifold images these features move a lot for small pixel changes, so the ratio overstates how different the seeds
/// look (0.60 where the pixels say 0.18, for a quick-start model whose seeds look the same by eye).</remarks>
public sealed class ResNet18DiversityMetric : IMetric
{
    private readonly ResNet18MetricOptions _options;

    /// <summary>Creates the metric.</summary>
    public ResNet18DiversityMetric(ResNet18MetricOptions? options = null)
    {
        _options = options ?? new ResNet18MetricOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public string Name => "diversity_resnet18";

    /// <inheritdoc />
    public string Description => "Mean pairwise ResNet-18 feature distance between seeds of one caption, vs real images of its species; higher is more varied.";

    /// <inheritdoc />
    public bool SupportsSharding => true;

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) =>
        _options.Files.WhyMissing() ?? (context.Splits().Any() ? null : "no split has images");

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Report("loading ResNet-18 (ONNX)");
        using var extractor = ResNet18FeatureExtractor.Load(_options.Files, _options.Threads);
        var results = new List<MetricResult>();
        foreach (var split in context.Splits().Where(s => DiversitySample.Applies(context, s)))
        {
            using var sample = DiversitySample.Draw(context, split, _options.DiversityCaptions, _options.DiversitySeeds);
            context.Report($"ResNet-18 features of {sample.Variations.Seeds} seeds and up to {sample.Variations.Seeds} real images for {sample.Variations.Captions.Count} {split.ToString().ToLowerInvariant()} captions");
            using var realFeatures = extractor.Extract(sample.RealImages, context.CancellationToken);
            using var generatedFeatures = extractor.Extract(sample.Variations.Images, context.CancellationToken);
            results.AddRange(sample.Results(Name, split, generatedFeatures, realFeatures, "ResNet-18"));
        }
        return results;
    }
}
