namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>FID between generated images and real images of the same split, on Inception-v3 pool3 features with the
/// user-supplied weights (<see cref="EvaluationOptions.FidWeightsFile"/>); reference statistics are cached on disk.</summary>
public sealed class FidMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "fid";

    /// <inheritdoc />
    public string Description => "Fréchet Inception Distance (pool3, 2048-d) between generated and real images; lower is better.";

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) =>
        context.Options.FidWeightsFile is null ? "no Inception weights file (EvaluationOptions.FidWeightsFile)" : null;

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Report("loading Inception-v3 weights");
        using var extractor = InceptionFeatureExtractor.Load(context.Options.FidWeightsFile!, context.Model.Device);
        foreach (var split in context.Splits())
        {
            var reference = FidReference.Statistics(context, extractor, split);
            var set = context.Generated(split);
            context.Report($"Inception features of {set.Items.Count} generated {split.ToString().ToLowerInvariant()} images");
            var generated = new FeatureStatistics(InceptionFeatureExtractor.Dimension);
            extractor.Accumulate(generated, set.Images, cancellationToken: context.CancellationToken);
            double fid = FrechetDistance.Compute(generated, reference);
            yield return new MetricResult(Name, split, fid, null, (int)generated.Count, $"vs {reference.Count} real images, {context.ImageSize} px → 299");
        }
    }
}
