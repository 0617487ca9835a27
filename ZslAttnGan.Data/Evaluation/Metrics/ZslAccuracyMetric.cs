namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>
/// Zero-shot classification (ZSL-GAN §4.1): for each unseen class, N sentence codes from its captions through the text
/// encoder and ZSL sentence generator; real unseen images' image codes are classified by a k-NN cosine majority vote
/// over those codes. Reports per-sample top-1 (ZSL-GAN's CUB/NAB number) and the mean per-class accuracy (GBU's T1).
/// </summary>
public sealed class ZslAccuracyMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "zsl_accuracy";

    /// <inheritdoc />
    public string Description => "k-NN (cosine, majority vote) classification of real unseen images among unseen classes by generated sentence codes.";

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
        var predicted = KnnClassifier.Predict(queries, codes, labels, o.ZslNeighbours);
        var truth = items.Select(ClassLabels.Of).ToArray();
        int classes = context.Data.Unseen!.Classes.Count;
        string note = $"{classes} classes, {o.ZslCodesPerClass} codes/class, {o.ZslNeighbours}-NN; chance {1.0 / classes:0.###}";
        yield return new MetricResult("zsl_top1", EvaluationSplit.Unseen, ClassificationAccuracy.PerSample(predicted, truth), null, truth.Length, note);
        yield return new MetricResult("zsl_mean_class_accuracy", EvaluationSplit.Unseen, ClassificationAccuracy.MeanPerClass(predicted, truth), null, truth.Length, note);
    }
}
