namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>
/// Zero-shot classification (ZSL-GAN §4.1): for each unseen class, N sentence codes from its captions through the text
/// encoder and ZSL sentence generator; real unseen images' image codes are classified by a k-NN cosine majority vote
/// over those codes. Reports per-sample top-1 (ZSL-GAN's CUB/NAB number) and the mean per-class accuracy (GBU's T1).
/// </summary>
/// <remarks>Sharded: every rank generates all class codes (the same ones, from the same generator) and classifies its
/// shard of the real queries; the hits and samples per class are summed over the ranks (<see cref="ClassHits"/>), so
/// both accuracies are exactly the single-process ones.</remarks>
public sealed class ZslAccuracyMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "zsl_accuracy";

    /// <inheritdoc />
    public string Description => "k-NN (cosine, majority vote) classification of real unseen images among unseen classes by generated sentence codes.";

    /// <inheritdoc />
    public bool SupportsSharding => true;

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) =>
        context.Data.Unseen is null ? "the dataset has no unseen classes"
        : context.Data.Unseen.Classes.Count < 2 ? "fewer than two unseen classes" : null;

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Options;
        var (codes, labels) = context.ClassCodes(EvaluationSplit.Unseen);
        var (items, queries) = context.Queries(EvaluationSplit.Unseen);
        int classes = context.Data.Unseen!.Classes.Count;
        var truth = items.Select(ClassLabels.Of).ToArray();
        var predicted = items.Count == 0 ? Array.Empty<int>() : KnnClassifier.Predict(queries, codes, labels, o.ZslNeighbours);
        var hits = ClassHits.Count(predicted, truth, classes).SumOverRanks(context.Group);
        int n = (int)hits.Samples;
        string note = $"{classes} classes, {o.ZslCodesPerClass} codes/class, {o.ZslNeighbours}-NN; chance {1.0 / classes:0.###}";
        yield return new MetricResult("zsl_top1", EvaluationSplit.Unseen, hits.PerSample(), null, n, note);
        yield return new MetricResult("zsl_mean_class_accuracy", EvaluationSplit.Unseen, hits.MeanPerClass(), null, n, note);
    }
}
