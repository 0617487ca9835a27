using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>One point of the seen-unseen calibration curve.</summary>
/// <param name="Lambda">The calibration added to every unseen class's score.</param>
/// <param name="SeenAccuracy">Per-sample accuracy on seen-class queries over all classes.</param>
/// <param name="UnseenAccuracy">Per-sample accuracy on unseen-class queries over all classes.</param>
public readonly record struct CalibrationPoint(double Lambda, double SeenAccuracy, double UnseenAccuracy);

/// <summary>The seen-unseen accuracy curve and the area under it.</summary>
/// <param name="Auc">Trapezoidal area of seen accuracy over unseen accuracy, in [0, 1] (×100 for the papers' numbers).</param>
/// <param name="Points">The curve, in increasing λ.</param>
public sealed record SeenUnseenCurve(double Auc, IReadOnlyList<CalibrationPoint> Points);

/// <summary>
/// Generalised zero-shot evaluation (ZSL-GAN §4.2, <c>eval_fakefeat_GZSL</c>): queries of seen and unseen classes are
/// classified over all classes by cosine similarity to one visual pivot per class (the mean of its generated codes);
/// a calibration λ is added to every unseen class's score, swept from −2.00 to 1.99 in steps of 0.01 (400 values,
/// covering the whole range of cosine differences), and the area under (unseen accuracy, seen accuracy) is integrated
/// with the trapezoid rule in sweep order, like <c>np.trapz(acc_S, acc_U)</c>.
/// </summary>
/// <remarks>Seen accuracy never rises and unseen accuracy never falls as λ grows, so the curve is monotone. A perfectly
/// separable set reaches (1, 1) and gives 1; queries that cannot be told apart give the diagonal, 0.5. The curve is not
/// extended to the axes: where the sweep ends short of them (it cannot for cosine scores) the area is smaller, as in
/// the reference.</remarks>
public static class GeneralizedZsl
{
    /// <summary>The λ values of the sweep: −2.00, −1.99, …, 1.99.</summary>
    public static IReadOnlyList<double> Lambdas { get; } = Enumerable.Range(0, 400).Select(i => (i - 200) / 100.0).ToArray();

    /// <summary>The calibration curve and its AUC.</summary>
    /// <param name="pivots">Class pivots [Cs + Cu, D]: rows 0..Cs−1 are the seen classes, row Cs + j unseen class j.</param>
    /// <param name="seenClassCount">Cs.</param>
    /// <param name="seenQueries">Codes of seen-class queries [Ns, D].</param>
    /// <param name="seenLabels">Their seen class (0..Cs−1).</param>
    /// <param name="unseenQueries">Codes of unseen-class queries [Nu, D].</param>
    /// <param name="unseenLabels">Their unseen class (0..Cu−1; the pivot row is Cs + label).</param>
    /// <exception cref="ArgumentException">Shapes or labels do not fit.</exception>
    public static SeenUnseenCurve SeenUnseenAuc(Tensor pivots, int seenClassCount, Tensor seenQueries, IReadOnlyList<int> seenLabels,
        Tensor unseenQueries, IReadOnlyList<int> unseenLabels)
    {
        Guard.Shape(pivots, nameof(pivots), "[C, D]", -1, -1);
        int classes = (int)pivots.shape[0];
        if (seenClassCount < 1 || seenClassCount >= classes)
            throw new ArgumentOutOfRangeException(nameof(seenClassCount), seenClassCount, $"Need at least one seen and one unseen pivot among {classes}.");
        CheckLabels(seenQueries, seenLabels, seenClassCount, nameof(seenLabels));
        CheckLabels(unseenQueries, unseenLabels, classes - seenClassCount, nameof(unseenLabels));
        var seenHits = HitCounts(pivots, seenClassCount, seenQueries, seenLabels);
        var unseenHits = HitCounts(pivots, seenClassCount, unseenQueries, unseenLabels.Select(l => l + seenClassCount).ToList());
        return FromHitCounts(seenHits, seenLabels.Count, unseenHits, unseenLabels.Count);
    }

    /// <summary>For each λ of <see cref="Lambdas"/>, how many queries are classified right over all classes when λ is
    /// added to the unseen classes' scores: the partial statistic shards of the queries count separately and add
    /// (<see cref="FromHitCounts"/> turns the sums into the curve). An empty set of queries gives zeros.</summary>
    /// <param name="pivots">Class pivots [Cs + Cu, D], seen classes first.</param>
    /// <param name="seenClassCount">Cs.</param>
    /// <param name="queries">Query codes [N, D] (N may be 0).</param>
    /// <param name="pivotLabels">The pivot row of each query's class (0 … Cs + Cu − 1: unseen class j is Cs + j).</param>
    /// <exception cref="ArgumentException">Shapes or labels do not fit.</exception>
    public static long[] HitCounts(Tensor pivots, int seenClassCount, Tensor queries, IReadOnlyList<int> pivotLabels)
    {
        Guard.Shape(pivots, nameof(pivots), "[C, D]", -1, -1);
        ArgumentNullException.ThrowIfNull(pivotLabels);
        int classes = (int)pivots.shape[0];
        Guard.Shape(queries, nameof(queries), "[N, D]", pivotLabels.Count, pivots.shape[1]);
        if (pivotLabels.Any(l => l < 0 || l >= classes)) throw new ArgumentException($"Labels must be in 0..{classes - 1}.", nameof(pivotLabels));
        var hits = new long[Lambdas.Count];
        if (pivotLabels.Count == 0) return hits;
        using var scope = NewDisposeScope();
        var sim = Cosine.Matrix(queries, pivots);
        var truth = tensor(pivotLabels.Select(l => (long)l).ToArray());
        var isUnseen = Ranges.Arange(classes).ge(Scalars.S(seenClassCount)).to(ScalarType.Float32).unsqueeze(0);
        for (int i = 0; i < Lambdas.Count; i++)
        {
            using var inner = NewDisposeScope();
            var shift = isUnseen.Times(Lambdas[i]);
            hits[i] = Hits(sim.Plus(shift), truth);
        }
        return hits;
    }

    /// <summary>The curve and its AUC from the hits per λ (<see cref="HitCounts"/>, summed over the shards) of
    /// <paramref name="seenQueries"/> seen-class and <paramref name="unseenQueries"/> unseen-class queries.</summary>
    /// <exception cref="ArgumentException">A count list does not have one entry per λ, or there are no queries.</exception>
    public static SeenUnseenCurve FromHitCounts(IReadOnlyList<long> seenHits, long seenQueries, IReadOnlyList<long> unseenHits, long unseenQueries)
    {
        ArgumentNullException.ThrowIfNull(seenHits);
        ArgumentNullException.ThrowIfNull(unseenHits);
        if (seenHits.Count != Lambdas.Count || unseenHits.Count != Lambdas.Count)
            throw new ArgumentException($"One count per λ ({Lambdas.Count}) is needed.", nameof(seenHits));
        if (seenQueries < 1 || unseenQueries < 1) throw new ArgumentException("No queries.", nameof(seenQueries));
        var points = new List<CalibrationPoint>(Lambdas.Count);
        for (int i = 0; i < Lambdas.Count; i++)
            points.Add(new CalibrationPoint(Lambdas[i], seenHits[i] / (double)seenQueries, unseenHits[i] / (double)unseenQueries));
        double auc = 0;
        for (int i = 1; i < points.Count; i++)
            auc += (points[i].UnseenAccuracy - points[i - 1].UnseenAccuracy) * (points[i].SeenAccuracy + points[i - 1].SeenAccuracy) / 2;
        return new SeenUnseenCurve(auc, points);
    }

    // argmax returns the first maximum, so a tie between a seen and an unseen class goes to the seen one (lower index).
    private static long Hits(Tensor scores, Tensor truth) =>
        scores.argmax(1).eq(truth).to(ScalarType.Int64).sum().item<long>();

    private static void CheckLabels(Tensor queries, IReadOnlyList<int> labels, int classes, string name)
    {
        ArgumentNullException.ThrowIfNull(labels, name);
        Guard.Shape(queries, name.Replace("Labels", "Queries", StringComparison.Ordinal), "[N, D]", labels.Count, -1);
        if (labels.Count == 0) throw new ArgumentException("No queries.", name);
        if (labels.Any(l => l < 0 || l >= classes)) throw new ArgumentException($"Labels must be in 0..{classes - 1}.", name);
    }
}
