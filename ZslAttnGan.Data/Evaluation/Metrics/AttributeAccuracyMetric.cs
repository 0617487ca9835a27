using System.Diagnostics;
using System.Globalization;
using ZslAttnGan.Collectives;
using ZslAttnGan.Data;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>
/// Attribute accuracy for datasets with attribute annotations (the synthetic birds): an <see cref="AttributeClassifier"/>
/// (the judge) trained on real images (<see cref="AttributeJudgeSplit"/>, cached beside the dataset) reads each
/// attribute off the generated images, which are compared with the attributes of the species whose caption they were
/// generated from. Reports per attribute and the mean, for seen and unseen species, next to three bounds: the judge's
/// accuracy on held-out real images it never trained on (upper bound, and the judge's own credibility), its accuracy on
/// uniform grey images given the same targets (what a generator that draws nothing scores), and chance.
/// </summary>
/// <remarks>When the judge reads held-out real images of a split below <see cref="TrustedRealAccuracy"/> for an
/// attribute, or the split has no held-out real images, the generated-image results of that split say so in their
/// note, starting with "WARNING".
/// <para>Sharded: each rank reads its generated rows and its chunks of the held-out real images and counts the hits per
/// attribute; the counts are summed over the ranks, so the accuracies are exactly the single-process ones. Rank 0 loads
/// or trains the judge and broadcasts its weights.</para></remarks>
public sealed class AttributeAccuracyMetric : IMetric
{
    /// <summary>Real-image accuracy below which the judge's reading of an attribute is flagged as unreliable.</summary>
    public const double TrustedRealAccuracy = 0.97;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <inheritdoc />
    public string Name => "attribute_accuracy";

    /// <inheritdoc />
    public string Description => "Per-attribute accuracy of a real-image attribute classifier on generated images (seen/unseen species), with its held-out real-image accuracy, a grey-image floor and chance.";

    /// <inheritdoc />
    public bool SupportsSharding => true;

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) =>
        context.Data.Attributes is null ? "the dataset has no attributes.json"
        : context.Data.Seen.Items.Concat(context.Data.Unseen?.Items ?? Array.Empty<DatasetItem>()).Any(i => i.Attributes is null) ? "some images have no attributes" : null;

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Options;
        var group = context.Group;
        var definitions = context.Data.Attributes!.Attributes;
        var counts = definitions.Select(a => a.Values.Count).ToArray();
        var split = AttributeJudgeSplit.Of(context.Data, context.SeedFor(1100));
        using var classifier = Judge(context, split, counts, out bool cached);
        string source = cached ? "cached judge" : "judge trained now";

        var results = new List<MetricResult>();
        var unseenKeys = context.Data.Unseen?.Items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
        foreach (var s in context.Splits())
        {
            string name = s.ToString().ToLowerInvariant();
            var real = split.HeldOut.Where(i => unseenKeys.Contains(i.Key) == (s == EvaluationSplit.Unseen)).ToList();
            double[]? realAccuracy = null;
            if (real.Count > 0)
            {
                // Every held-out image (a seeded subset only for very large sets), decoded at the generator's size so
                // that the judge reads them exactly as it reads generated images. Each rank reads its chunks of them.
                var random = new Random(context.SeedFor(1000 + (int)s));
                real = real.OrderBy(_ => random.Next()).Take(Math.Max(o.SamplesPerSplit, 2000)).ToList();
                var mine = EvaluationShards.Select(real, EvaluationShards.LocalRows(real.Count, o.BatchSize, group));
                context.Report($"reading attributes of {mine.Count} held-out real {name} images");
                using var images = EvaluationData.LoadImages(mine, context.ImageSize, o.Workers, context.CancellationToken);
                realAccuracy = Accuracy(group, Hits(classifier, images, mine, counts.Length, o.BatchSize), real.Count);
            }

            var set = context.Generated(s);
            context.Report($"reading attributes of generated {name} images");
            var warnings = Warnings(realAccuracy, definitions);
            Add(results, "attribute_accuracy", s, Accuracy(group, Hits(classifier, set.Images, set.Items, counts.Length, o.BatchSize), set.Total),
                definitions, set.Total, $"generated images, {source}" + (warnings.Count > 0 ? "; " + string.Join("; ", warnings.Values) : ""), warnings);
            using (var grey = GreyImages(set.Total, context.ImageSize, set.Rows))
                Add(results, "attribute_accuracy_grey", s, Accuracy(group, Hits(classifier, grey, set.Items, counts.Length, o.BatchSize), set.Total),
                    definitions, set.Total, "floor: uniform grey images scored against the generated images' targets (a generator that draws nothing)", null);
            if (realAccuracy is not null)
                Add(results, "attribute_accuracy_real", s, realAccuracy, definitions, real.Count,
                    $"upper bound: held-out real images the judge never trained on (it trained on {split.Train.Count})", null);
        }
        var chance = counts.Select(AttributeAccuracy.Chance).ToArray();
        Add(results, "attribute_chance", EvaluationSplit.All, chance, definitions, 0, "lower bound: uniform guess, 1/values", null);
        return results;
    }

    /// <summary>The judge: loaded from its cache or trained, on rank 0 only (the one rank that writes the cache, and
    /// training it on every rank would only repeat the same seeded work); the other ranks get its weights through the
    /// group, so ranks without a shared file system agree too.</summary>
    private static AttributeClassifier Judge(EvaluationContext context, AttributeJudgeSplit split, int[] counts, out bool cached)
    {
        var o = context.Options;
        var group = context.Group;
        var cachePath = o.AttributeClassifier.CachePath ?? Path.Combine(context.Data.Root, "attribute_classifier.safetensors");
        AttributeClassifier classifier;
        cached = false;
        if (group.IsPrimary())
        {
            context.Report($"attribute classifier: checksum / training on {split.Train.Count} real images");
            var clock = Stopwatch.StartNew();
            classifier = AttributeClassifierTrainer.LoadOrTrain(split.Train, counts, cachePath, o.AttributeClassifier, out cached, o.Workers, context.CancellationToken);
            context.Report(cached ? "attribute classifier: loaded from the cache" : string.Create(Inv, $"attribute classifier: trained in {clock.Elapsed.TotalSeconds:F1} s"));
        }
        else
        {
            context.Report("attribute classifier: waiting for rank 0's");
            classifier = new AttributeClassifier(counts, o.AttributeClassifier.ImageSize, o.AttributeClassifier.Width);
        }
        if (group.Size == 1) return classifier;
        try
        {
            group.BroadcastModule(classifier);
            cached = group.AnyRank(group.IsPrimary() && cached);
            classifier.eval();
            return classifier;
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>Per attribute, how many of <paramref name="items"/> the judge reads right on <paramref name="images"/>.</summary>
    private static long[] Hits(AttributeClassifier classifier, Tensor images, IReadOnlyList<DatasetItem> items, int attributes, int batchSize)
    {
        if (items.Count == 0) return new long[attributes];
        using var predicted = classifier.Predict(images, batchSize);
        using var truth = Truth(items);
        return AttributeAccuracy.HitCounts(predicted, truth);
    }

    /// <summary>Accuracy per attribute from every rank's hits over <paramref name="total"/> rows.</summary>
    private static double[] Accuracy(IProcessGroup group, long[] hits, int total) =>
        group.SumOverRanks(hits).Select(h => h / (double)total).ToArray();

    /// <summary>A warning per attribute the judge reads unreliably (index → text); index −1 when it was not validated.</summary>
    private static Dictionary<int, string> Warnings(double[]? realAccuracy, IReadOnlyList<AttributeDefinition> definitions)
    {
        var warnings = new Dictionary<int, string>();
        if (realAccuracy is null)
        {
            warnings[-1] = "WARNING: the judge was not validated on this split (no held-out real images); these figures may be unreliable";
            return warnings;
        }
        for (int a = 0; a < realAccuracy.Length; a++)
            if (realAccuracy[a] < TrustedRealAccuracy)
                warnings[a] = string.Create(Inv, $"WARNING: weak judge: it reads {definitions[a].Name} of held-out real images at only {realAccuracy[a]:F3} (< {TrustedRealAccuracy:F2}); this figure is unreliable");
        return warnings;
    }

    private static void Add(List<MetricResult> results, string name, EvaluationSplit split, double[] perAttribute,
        IReadOnlyList<AttributeDefinition> definitions, int n, string note, IReadOnlyDictionary<int, string>? warnings)
    {
        results.Add(new MetricResult(name, split, perAttribute.Average(), null, n, note + " (mean over attributes)"));
        for (int a = 0; a < perAttribute.Length; a++)
        {
            string? warning = warnings is null ? null : warnings.TryGetValue(a, out var w) ? w : warnings.GetValueOrDefault(-1);
            results.Add(new MetricResult($"{name}/{definitions[a].Name}", split, perAttribute[a], null, n, warning));
        }
    }

    /// <summary>Uniform grey images [n, 3, size, size]: grey levels spread evenly over [−0.8, 0.8], no hue, no shape.</summary>
    internal static Tensor GreyImages(int n, int size) => GreyImages(n, size, Enumerable.Range(0, n).ToArray());

    /// <summary>Rows <paramref name="rows"/> of <see cref="GreyImages(int, int)"/> (a rank's shard).</summary>
    internal static Tensor GreyImages(int n, int size, IReadOnlyList<int> rows)
    {
        var levels = rows.Select(i => n == 1 ? 0f : (float)(-0.8 + 1.6 * i / (n - 1))).ToArray();
        using var column = tensor(levels, new long[] { rows.Count, 1, 1, 1 });
        return column.expand(rows.Count, 3, size, size).contiguous();
    }

    private static Tensor Truth(IReadOnlyList<DatasetItem> items) =>
        tensor(items.SelectMany(i => i.Attributes!.Select(v => (long)v)).ToArray(), new long[] { items.Count, items[0].Attributes!.Count });
}
