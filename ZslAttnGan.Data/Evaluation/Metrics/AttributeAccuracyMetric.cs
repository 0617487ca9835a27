using ZslAttnGan.Data;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>
/// Attribute accuracy for datasets with attribute annotations (the synthetic birds): an <see cref="AttributeClassifier"/>
/// trained on real training images (cached beside the dataset) reads each attribute off the generated images, which
/// are compared with the attributes of the species whose caption they were generated from. Reports per attribute and
/// the mean, for seen and unseen species, with the classifier's accuracy on held-out real images (upper bound) and
/// chance (lower bound).
/// </summary>
public sealed class AttributeAccuracyMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "attribute_accuracy";

    /// <inheritdoc />
    public string Description => "Per-attribute accuracy of a real-image attribute classifier on generated images (seen/unseen species), with real-image and chance bounds.";

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) =>
        context.Data.Attributes is null ? "the dataset has no attributes.json"
        : context.Data.Seen.Items.Any(i => i.Attributes is null) ? "some images have no attributes" : null;

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Options;
        var definitions = context.Data.Attributes!.Attributes;
        var counts = definitions.Select(a => a.Values.Count).ToArray();
        var all = context.Data.Seen.Items.Concat(context.Data.Unseen?.Items ?? Array.Empty<DatasetItem>()).ToList();
        var (train, heldOut) = SplitTrain(all, context);
        var cachePath = o.AttributeClassifier.CachePath ?? Path.Combine(context.Data.Root, "attribute_classifier.safetensors");
        context.Report($"attribute classifier: checksum / training on {train.Count} real images");
        using var classifier = AttributeClassifierTrainer.LoadOrTrain(train, counts, cachePath, o.AttributeClassifier, out bool cached, o.Workers, context.CancellationToken);
        string source = cached ? "cached classifier" : "classifier trained now";

        var results = new List<MetricResult>();
        var unseenKeys = context.Data.Unseen?.Items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
        foreach (var split in context.Splits())
        {
            var set = context.Generated(split);
            context.Report($"reading attributes of generated {split.ToString().ToLowerInvariant()} images");
            using var predicted = classifier.Predict(set.Images, o.BatchSize);
            using var truth = Truth(set.Items);
            Add(results, "attribute_accuracy", split, AttributeAccuracy.PerAttribute(predicted, truth), definitions, set.Items.Count, $"generated images, {source}");

            var real = heldOut.Where(i => unseenKeys.Contains(i.Key) == (split == EvaluationSplit.Unseen)).ToList();
            if (real.Count == 0) continue;
            var random = new Random(context.SeedFor(1000 + (int)split));
            real = real.OrderBy(_ => random.Next()).Take(Math.Max(o.SamplesPerSplit, 100)).ToList();
            using var images = EvaluationData.LoadImages(real, o.AttributeClassifier.ImageSize, o.Workers, context.CancellationToken);
            using var realPredicted = classifier.Predict(images, o.BatchSize);
            using var realTruth = Truth(real);
            Add(results, "attribute_accuracy_real", split, AttributeAccuracy.PerAttribute(realPredicted, realTruth), definitions, real.Count, "upper bound: held-out real images");
        }
        var chance = counts.Select(AttributeAccuracy.Chance).ToArray();
        Add(results, "attribute_chance", EvaluationSplit.All, chance, definitions, 0, "lower bound: uniform guess, 1/values");
        return results;
    }

    private static void Add(List<MetricResult> results, string name, EvaluationSplit split, double[] perAttribute,
        IReadOnlyList<AttributeDefinition> definitions, int n, string note)
    {
        results.Add(new MetricResult(name, split, perAttribute.Average(), null, n, note + " (mean over attributes)"));
        for (int a = 0; a < perAttribute.Length; a++)
            results.Add(new MetricResult($"{name}/{definitions[a].Name}", split, perAttribute[a], null, n, null));
    }

    private static Tensor Truth(IReadOnlyList<DatasetItem> items) =>
        tensor(items.SelectMany(i => i.Attributes!.Select(v => (long)v)).ToArray(), new long[] { items.Count, items[0].Attributes!.Count });

    /// <summary>Training images: those flagged in train_test_split.txt; without the file, a seeded 80 % of all images.</summary>
    private static (List<DatasetItem> Train, List<DatasetItem> HeldOut) SplitTrain(List<DatasetItem> all, EvaluationContext context)
    {
        if (context.Data.TrainKeys.Count > 0)
            return (all.Where(i => context.Data.TrainKeys.Contains(i.Key)).ToList(), all.Where(i => !context.Data.TrainKeys.Contains(i.Key)).ToList());
        var random = new Random(context.SeedFor(1100));
        var shuffled = all.OrderBy(_ => random.Next()).ToList();
        int cut = (int)(shuffled.Count * 0.8);
        return (shuffled.Take(cut).OrderBy(i => i.Key, StringComparer.Ordinal).ToList(), shuffled.Skip(cut).ToList());
    }
}
