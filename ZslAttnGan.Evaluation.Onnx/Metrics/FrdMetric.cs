using ZslAttnGan.Data;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>
/// FRD: the Fréchet distance between generated and real images on ImageNet ResNet-18 features (512-d, see
/// <see cref="ResNet18FeatureExtractor"/>), for seen and unseen species; lower is better. Next to it, <c>frd_real</c>:
/// the same distance between two disjoint samples of real images of the split, the floor that a generator matching the
/// real distribution would reach with this many images (the estimate is biased upwards for small samples, so only a
/// value near the floor means "as close as real images are to each other").
/// </summary>
/// <remarks>
/// <para>Not comparable with the FID of papers (Inception-v3 pool3 features, 2048-d, tens of thousands of images): the
/// features, their scale and the sample sizes all differ.</para>
/// <para>Real images are never training images: the seen split uses the held-out images of the seen species
/// (<c>train_test_split.txt</c> flag 0; without that file every seen image, as the other metrics do), the unseen split
/// all images of the unseen species, which no model saw. Both real samples and the generated images (those of
/// <see cref="EvaluationContext.Generated"/>, whose captions come from the same images) have the same size n, so the
/// floor and the value carry the same small-sample bias. Real images are decoded at the generator's size, so
/// resolution is not what the distance measures.</para>
/// <para>Sharded: each rank adds the features of its generated rows and of its chunks of both real samples to float64
/// sums of x and xxᵀ (<see cref="FeatureStatistics"/>), which are summed over the ranks before the distances.</para>
/// </remarks>
public sealed class FrdMetric : IMetric
{
    /// <summary>The note on every result: what the number is and is not.</summary>
    public const string NotFid = "ResNet-18 features, not comparable with papers' Inception FID";

    private readonly ResNet18MetricOptions _options;

    /// <summary>Creates the metric.</summary>
    public FrdMetric(ResNet18MetricOptions? options = null)
    {
        _options = options ?? new ResNet18MetricOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public string Name => "frd";

    /// <inheritdoc />
    public string Description => "Fréchet distance on ImageNet ResNet-18 features between generated and held-out real images, with a real-vs-real floor; lower is better.";

    /// <inheritdoc />
    public bool SupportsSharding => true;

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) => _options.Files.WhyMissing();

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Report("loading ResNet-18 (ONNX)");
        using var extractor = ResNet18FeatureExtractor.Load(_options.Files, _options.Threads);
        var results = new List<MetricResult>();
        foreach (var split in context.Splits())
        {
            var pool = context.Data.Items(split);
            int n = Math.Min(Math.Min(_options.FrdImages ?? context.Options.SamplesPerSplit, context.Options.SamplesPerSplit), pool.Count / 2);
            string name = split.ToString().ToLowerInvariant();
            if (n < 2)
            {
                context.Report($"skipping the {name} split: {pool.Count} real images are too few for two samples");
                continue;
            }
            var random = new Random(context.SeedFor(1200 + (int)split));
            var shuffled = pool.OrderBy(_ => random.Next()).ToList();
            string source = split == EvaluationSplit.Seen ? "held-out real images of seen species" : "real images of unseen species";

            context.Report($"ResNet-18 features of 2 × {n} real and {n} generated {name} images");
            var reference = Statistics(extractor, context, shuffled.Take(n).ToList());
            var secondReal = Statistics(extractor, context, shuffled.Skip(n).Take(n).ToList());
            var generated = GeneratedStatistics(extractor, context, split, n);

            results.Add(new MetricResult(Name, split, FrechetDistance.Compute(generated, reference), null, n,
                $"generated vs {n} {source}; {NotFid}"));
            results.Add(new MetricResult(Name + "_real", split, FrechetDistance.Compute(secondReal, reference), null, n,
                $"floor: {n} other {source} vs the same {n}; {NotFid}"));
        }
        return results;
    }

    /// <summary>FRD between two sets of images [N, 3, H, W] in [−1, 1] (at least two each).</summary>
    public static double Between(ResNet18FeatureExtractor extractor, Tensor first, Tensor second, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        var a = new FeatureStatistics(ResNet18FeatureExtractor.Dimension);
        var b = new FeatureStatistics(ResNet18FeatureExtractor.Dimension);
        extractor.Accumulate(a, first, cancellationToken);
        extractor.Accumulate(b, second, cancellationToken);
        return FrechetDistance.Compute(a, b);
    }

    // Statistics of real images: each rank reads its chunks of the list, then the sums of every rank's.
    private static FeatureStatistics Statistics(ResNet18FeatureExtractor extractor, EvaluationContext context, IReadOnlyList<DatasetItem> items)
    {
        var stats = new FeatureStatistics(ResNet18FeatureExtractor.Dimension);
        var mine = EvaluationShards.Select(items, EvaluationShards.LocalRows(items.Count, context.Options.BatchSize, context.Group));
        using var images = EvaluationData.LoadImages(mine, context.ImageSize, context.Options.Workers, context.CancellationToken);
        if (mine.Count > 0) extractor.Accumulate(stats, images, context.CancellationToken);
        return stats.SumOverRanks(context.Group);
    }

    // Statistics of the first n rows of the generated set: each rank adds those of its shard, then the sums of every rank's.
    private static FeatureStatistics GeneratedStatistics(ResNet18FeatureExtractor extractor, EvaluationContext context, EvaluationSplit split, int n)
    {
        var set = context.Generated(split);
        var stats = new FeatureStatistics(ResNet18FeatureExtractor.Dimension);
        var keep = Enumerable.Range(0, set.Rows.Count).Where(k => set.Rows[k] < n).Select(k => (long)k).ToArray();
        if (keep.Length > 0)
        {
            using var index = tensor(keep);
            using var images = set.Images.index_select(0, index);
            extractor.Accumulate(stats, images, context.CancellationToken);
        }
        return stats.SumOverRanks(context.Group);
    }
}
