using ZslAttnGan.Collectives;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>
/// Generalised zero-shot classification over seen + unseen classes: the seen-unseen AUC of ZSL-GAN §4.2 (class pivots =
/// mean generated code, calibration sweep), and the GBU-style per-class accuracies on seen (S) and unseen (U) images
/// by k-NN over the generated codes of all classes, with their harmonic mean H.
/// </summary>
/// <remarks>Sharded: every rank generates all class codes (so all pivots) and classifies its shard of the real queries;
/// the hits per calibration λ and the hits and samples per class are summed over the ranks, so every figure is exactly
/// the single-process one.</remarks>
public sealed class GzslMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "gzsl";

    /// <inheritdoc />
    public string Description => "Generalised ZSL over seen + unseen classes: seen-unseen AUC and harmonic mean of per-class accuracies.";

    /// <inheritdoc />
    public bool SupportsSharding => true;

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

        var group = context.Group;
        context.Report("seen-unseen calibration sweep");
        using var scope = NewDisposeScope();
        var pivots = cat(new[] { Pivots(seenCodes, seenLabels, cs), Pivots(unseenCodes, unseenLabels, cu) }, 0);
        // Hits per λ of this rank's queries, then of everyone's (one collective for both).
        var local = GeneralizedZsl.HitCounts(pivots, cs, seenQueries, seenTruth)
            .Concat(GeneralizedZsl.HitCounts(pivots, cs, unseenQueries, unseenTruth.Select(l => l + cs).ToList())).ToArray();
        var sweep = group.SumOverRanks(local);
        int lambdas = GeneralizedZsl.Lambdas.Count;

        var allCodes = cat(new[] { seenCodes, unseenCodes }, 0);
        var allLabels = seenLabels.Concat(unseenLabels.Select(l => l + cs)).ToArray();
        var seenHits = ClassHits.Count(Predict(seenQueries, allCodes, allLabels, o.ZslNeighbours), seenTruth, cs).SumOverRanks(group);
        var unseenHits = ClassHits.Count(Predict(unseenQueries, allCodes, allLabels, o.ZslNeighbours).Select(l => l - cs).ToArray(), unseenTruth, cu)
            .SumOverRanks(group);
        var curve = GeneralizedZsl.FromHitCounts(sweep[..lambdas], seenHits.Samples, sweep[lambdas..], unseenHits.Samples);
        double s = seenHits.MeanPerClass(), u = unseenHits.MeanPerClass();
        int ns = (int)seenHits.Samples, nu = (int)unseenHits.Samples, n = ns + nu;
        string over = $"over {cs} seen + {cu} unseen classes";
        yield return new MetricResult("gzsl_auc", EvaluationSplit.All, curve.Auc, null, n, $"seen-unseen AUC, pivots {over}");
        yield return new MetricResult("gzsl_class_accuracy", EvaluationSplit.Seen, s, null, ns, $"S: mean per-class accuracy, {o.ZslNeighbours}-NN {over}");
        yield return new MetricResult("gzsl_class_accuracy", EvaluationSplit.Unseen, u, null, nu, $"U: mean per-class accuracy, {o.ZslNeighbours}-NN {over}");
        yield return new MetricResult("gzsl_harmonic_mean", EvaluationSplit.All, ClassificationAccuracy.HarmonicMean(s, u), null, n, "H = 2SU/(S+U)");
    }

    // A rank without queries predicts nothing.
    private static int[] Predict(Tensor queries, Tensor codes, IReadOnlyList<int> labels, int k) =>
        queries.shape[0] == 0 ? Array.Empty<int>() : KnnClassifier.Predict(queries, codes, labels, k);

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
