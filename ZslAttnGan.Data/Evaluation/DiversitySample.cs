using ZslAttnGan.Collectives;
using ZslAttnGan.Data;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// What the diversity metrics compare, for one split: S seeds of a few captions (<see cref="EvaluationContext.Variations"/>)
/// and, per caption, up to S real images of its species from the evaluation pools (held-out images of seen species,
/// every image of an unseen one; never training images). Every diversity metric draws the same sample for the same
/// context, so their figures describe the same images.
/// </summary>
/// <remarks>Sharded: a caption's seeds must be compared with each other, so the shards are whole captions (caption c
/// belongs to rank c mod Size); each rank measures its captions and the per-caption figures are gathered by a sum
/// over the ranks, so every figure is the single-process one.</remarks>
public sealed class DiversitySample : IDisposable
{
    private readonly IProcessGroup _group;

    private DiversitySample(CaptionVariations variations, IReadOnlyList<IReadOnlyList<DatasetItem>> real, Tensor realImages, IProcessGroup group)
    {
        Variations = variations;
        Real = real;
        RealImages = realImages;
        _group = group;
    }

    /// <summary>The generated images: <see cref="CaptionVariations.Seeds"/> per caption, caption-major.</summary>
    public CaptionVariations Variations { get; }

    /// <summary>Real images per caption (of its species), as dataset items.</summary>
    public IReadOnlyList<IReadOnlyList<DatasetItem>> Real { get; }

    /// <summary>The real images [Σ counts, 3, S, S] in [−1, 1], caption-major, at the model's image size: those of the
    /// captions in <see cref="CaptionVariations.Local"/> (every caption unless the evaluation is sharded).</summary>
    public Tensor RealImages { get; }

    /// <summary>Whether <paramref name="split"/> has a species with two images (else there is nothing to compare).</summary>
    public static bool Applies(EvaluationContext context, EvaluationSplit split) =>
        context.Data.Items(split).GroupBy(i => i.ClassIndex).Any(g => g.Count() >= 2);

    /// <summary>Draws the sample of <paramref name="split"/>.</summary>
    public static DiversitySample Draw(EvaluationContext context, EvaluationSplit split, int captions, int seeds)
    {
        ArgumentNullException.ThrowIfNull(context);
        var variations = context.Variations(split, captions, seeds);
        var random = new Random(context.SeedFor(1300 + (int)split));
        var real = variations.Items
            .Select(item => (IReadOnlyList<DatasetItem>)context.Data.Items(split).Where(i => i.ClassIndex == item.ClassIndex).OrderBy(_ => random.Next()).Take(seeds).ToList())
            .ToList();
        // Every rank draws every caption's real images (the same stream as a single process) and loads its captions' only.
        var mine = variations.Local.SelectMany(c => real[c]).ToList();
        var images = EvaluationData.LoadImages(mine, context.ImageSize, context.Options.Workers, context.CancellationToken);
        return new DiversitySample(variations, real, images, context.Group);
    }

    /// <summary>
    /// The three results of a diversity metric from per-row features of the generated and real images:
    /// <c>name</c> (mean pairwise distance of a caption's seeds, ± over captions), <c>name_real</c> (the same for real
    /// images of its species) and <c>name_ratio</c> (generated / real).
    /// </summary>
    /// <param name="name">Metric name.</param>
    /// <param name="split">The split.</param>
    /// <param name="generatedFeatures">[local captions · seeds, D], caption-major (the rows of <see cref="CaptionVariations.Images"/>).</param>
    /// <param name="realFeatures">[Σ real counts of the local captions, D], caption-major (the rows of <see cref="RealImages"/>).</param>
    /// <remarks>Collective when the evaluation is sharded: every rank calls it, and every rank gets the results.</remarks>
    /// <param name="space">What the distance is measured on, for the notes (e.g. "ResNet-18").</param>
    public IReadOnlyList<MetricResult> Results(string name, EvaluationSplit split, Tensor generatedFeatures, Tensor realFeatures, string space)
    {
        int seeds = Variations.Seeds;
        int captions = Variations.Captions.Count;
        // Each rank fills in the figures of its captions; the others' entries are 0, so the sum over the ranks is the
        // single-process list exactly (x + 0 = x), and the mean ± std over captions follow from it unchanged.
        var figures = new double[2 * captions];
        int offset = 0;
        for (int k = 0; k < Variations.Local.Count; k++)
        {
            int c = Variations.Local[k];
            using (var rows = generatedFeatures.narrow(0, (long)k * seeds, seeds)) figures[c] = FeatureDiversity.MeanPairwiseDistance(rows);
            using (var rows = realFeatures.narrow(0, offset, Real[c].Count)) figures[captions + c] = FeatureDiversity.MeanPairwiseDistance(rows);
            offset += Real[c].Count;
        }
        var all = _group.SumOverRanks(figures);
        var generated = all[..captions];
        var reference = all[captions..];
        var g = MeanStd.Of(generated, generated.Length);
        var r = MeanStd.Of(reference, reference.Length);
        string source = split == EvaluationSplit.Seen ? "held-out real images" : "real images";
        var results = new List<MetricResult>
        {
            MetricResult.From(name, split, g, $"mean pairwise {space} distance of {seeds} seeds of one caption, ± over {g.Count} captions"),
        };
        int fewest = Real.Min(x => x.Count), most = Real.Max(x => x.Count);
        results.Add(MetricResult.From(name + "_real", split, r,
            $"same for {(fewest == most ? $"{most}" : $"{fewest}–{most}")} {source} of the caption's species, ± over species"));
        // Real images that are all identical leave no ratio to report (rather than an infinity).
        if (r.Value > 0)
            results.Add(new MetricResult(name + "_ratio", split, g.Value / r.Value, null, g.Count, "generated / real: 1 = as varied as real birds of a species"));
        return results;
    }

    /// <inheritdoc />
    public void Dispose() => RealImages.Dispose();
}
