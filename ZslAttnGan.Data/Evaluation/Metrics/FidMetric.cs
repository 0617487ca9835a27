namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>FID between generated images and real images of the same split, on Inception-v3 pool3 features with the
/// user-supplied weights (<see cref="EvaluationOptions.FidWeightsFile"/>); reference statistics are cached on disk.</summary>
/// <remarks>Sharded: each rank adds the features of its generated rows (and of its chunks of the real images) to
/// float64 sums of x and xxᵀ, which are summed over the ranks before the mean and covariance are taken.</remarks>
public sealed class FidMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "fid";

    /// <inheritdoc />
    public string Description => "Fréchet Inception Distance (pool3, 2048-d) between generated and real images; lower is better.";

    /// <inheritdoc />
    public bool SupportsSharding => true;

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
            // This rank's rows, then the sums of every rank's (the whole set's statistics, on every rank).
            var local = new FeatureStatistics(InceptionFeatureExtractor.Dimension);
            if (set.Images.shape[0] > 0) extractor.Accumulate(local, set.Images, cancellationToken: context.CancellationToken);
            var generated = local.SumOverRanks(context.Group);
            double fid = FrechetDistance.Compute(generated, reference);
            yield return new MetricResult(Name, split, fid, null, (int)generated.Count, $"vs {reference.Count} real images, {context.ImageSize} px → 299");
        }
    }
}
