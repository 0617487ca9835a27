using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>
/// Generalised zero-shot classification over seen + unseen classes: the seen-unseen AUC of ZSL-GAN §4.2 (class pivots =
/// mean generated code, calibration sweep), and the GBU-style per-class accuracies on seen (S) and unseen (U) images
/// by k-NN over the generated codes of all classes, with their harmonic mean H.
/// </summary>
public sealed class GzslMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "gzsl";

    /// <inheritdoc />
    public string Description => "Generalised ZSL over seen + unseen classes: seen-unseen AUC and harmonic mean of per-class accuracies.";

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) =>
        context.Data.Unseen is null ? "the dataset has no unseen classes" : null;

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Options;
        var (seenCodes, seenLabels) = context.ClassCodes(EvaluationSplit.Seen);
        var (unseenCodes, unseenLabels) = context.ClassCodes(EvaluationSplit.Unseen);
        var (seenItems, seenQueries) = context.Queries(EvaluationSplit.Seen);
        var (unseenItems, unseenQueries) = context.Queries(EvaluationSplit.Unseen);
        int cs = context.Data.Seen.Classes.Count, cu = context.Data.Unseen!.Classes.Count;
        var seenTruth = seenItems.Select(ClassLabels.Of).ToArray();
        var unseenTruth = unseenItems.Select(ClassLabels.Of).ToArray();

        context.Report("seen-unseen calibration sweep");
        using var scope = NewDisposeScope();
        var pivots = cat(new[] { Pivots(seenCodes, seenLabels, cs), Pivots(unseenCodes, unseenLabels, cu) }, 0);
        var curve = GeneralizedZsl.SeenUnseenAuc(pivots, cs, seenQueries, seenTruth, unseenQueries, unseenTruth);

        var allCodes = cat(new[] { seenCodes, unseenCodes }, 0);
        var allLabels = seenLabels.Concat(unseenLabels.Select(l => l + cs)).ToArray();
        double s = ClassificationAccuracy.MeanPerClass(KnnClassifier.Predict(seenQueries, allCodes, allLabels, o.ZslNeighbours), seenTruth);
        double u = ClassificationAccuracy.MeanPerClass(KnnClassifier.Predict(unseenQueries, allCodes, allLabels, o.ZslNeighbours),
            unseenTruth.Select(l => l + cs).ToArray());
        int n = seenTruth.Length + unseenTruth.Length;
        string over = $"over {cs} seen + {cu} unseen classes";
        yield return new MetricResult("gzsl_auc", EvaluationSplit.All, curve.Auc, null, n, $"seen-unseen AUC, pivots {over}");
        yield return new MetricResult("gzsl_class_accuracy", EvaluationSplit.Seen, s, null, seenTruth.Length, $"S: mean per-class accuracy, {o.ZslNeighbours}-NN {over}");
        yield return new MetricResult("gzsl_class_accuracy", EvaluationSplit.Unseen, u, null, unseenTruth.Length, $"U: mean per-class accuracy, {o.ZslNeighbours}-NN {over}");
        yield return new MetricResult("gzsl_harmonic_mean", EvaluationSplit.All, ClassificationAccuracy.HarmonicMean(s, u), null, n, "H = 2SU/(S+U)");
    }

    /// <summary>The mean code of each class [classes, D].</summary>
    private static Tensor Pivots(Tensor codes, IReadOnlyList<int> labels, int classes)
    {
        var rows = new Tensor[classes];
        for (int c = 0; c < classes; c++)
        {
            var idx = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).Select(i => (long)i).ToArray();
            rows[c] = idx.Length == 0 ? zeros(codes.shape[1]) : codes.index_select(0, tensor(idx)).mean(new long[] { 0 });
        }
        return stack(rows, 0);
    }
}
