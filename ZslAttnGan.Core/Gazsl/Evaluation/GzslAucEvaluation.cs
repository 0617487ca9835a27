using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Evaluation;

/// <summary>Seen-unseen curve and its area (tensors owned by the caller).</summary>
/// <param name="Pivots">one visual pivot per class = mean of its generated block, seen classes first [C_s+C_u, X] (float64).</param>
/// <param name="SeenSimilarity">cosine of the seen-class features with the pivots [N_s, C_s+C_u] (float64).</param>
/// <param name="UnseenSimilarity">cosine of the unseen-class features with the pivots [N_u, C_s+C_u] (float64).</param>
/// <param name="Lambdas">the calibration offsets added to the unseen columns, in order.</param>
/// <param name="SeenAccuracy">per-sample accuracy (fraction) of the seen features over all classes, per λ.</param>
/// <param name="UnseenAccuracy">per-sample accuracy (fraction) of the unseen features over all classes, per λ.</param>
/// <param name="Auc">trapezoid area under SeenAccuracy over UnseenAccuracy, in [0, 1].</param>
public sealed record GzslAucResult(Tensor Pivots, Tensor SeenSimilarity, Tensor UnseenSimilarity,
    double[] Lambdas, double[] SeenAccuracy, double[] UnseenAccuracy, double Auc);

/// <summary>
/// GAZSL's generalised zero-shot evaluation (<c>eval_fakefeat_GZSL</c>): nearest visual pivot over seen and unseen
/// classes, with a calibration λ added to the unseen similarities; sweeping λ traces the seen-unseen accuracy curve
/// (Chao et al.), summarised by its area.
/// </summary>
public static class GzslAucEvaluation
{
    /// <summary>The reference's λ grid, <c>numpy.arange(-2, 2, 0.01)</c>: 400 values start + i·δ with
    /// δ = (start + step) − start as numpy computes it (so value 200 is 1.8e-15, not 0).</summary>
    public static double[] ReferenceLambdas() => Arange(-2, 2, 0.01);

    /// <summary>numpy's <c>arange(start, stop, step)</c> for a positive step.</summary>
    public static double[] Arange(double start, double stop, double step)
    {
        if (!(step > 0) || !double.IsFinite(start) || !double.IsFinite(stop))
            throw new ArgumentException($"arange needs finite bounds and a positive step (got {start}, {stop}, {step}).", nameof(step));
        int count = Math.Max(0, (int)Math.Ceiling((stop - start) / step));
        double delta = (start + step) - start;
        return Enumerable.Range(0, count).Select(i => start + i * delta).ToArray();
    }

    /// <summary>Evaluates with generated blocks of the seen classes then the unseen classes.</summary>
    /// <param name="generated">[(C_s+C_u)·samplesPerClass, X], seen classes (in label order) then unseen.</param>
    /// <param name="seenClasses">C_s.</param>
    /// <param name="samplesPerClass">rows per class block (60).</param>
    /// <param name="seenFeatures">features of seen classes [N_s, X] (the reference uses the TRAINING features).</param>
    /// <param name="seenLabels">[N_s] int64 in 0..C_s−1.</param>
    /// <param name="unseenFeatures">unseen-class test features [N_u, X].</param>
    /// <param name="unseenLabels">[N_u] int64 in 0..C_u−1 (compared with prediction − C_s).</param>
    /// <param name="lambdas">the λ sweep; <see cref="ReferenceLambdas"/> when null.</param>
    /// <exception cref="ArgumentException">Shapes, dtypes or labels do not fit.</exception>
    public static GzslAucResult Evaluate(Tensor generated, int seenClasses, int samplesPerClass, Tensor seenFeatures, Tensor seenLabels,
                                         Tensor unseenFeatures, Tensor unseenLabels, IReadOnlyList<double>? lambdas = null)
    {
        Guard.Shape(generated, nameof(generated), "[(C_s+C_u)*samplesPerClass, X]", -1, -1);
        Guard.Floating(generated, nameof(generated));
        Guard.Positive(seenClasses, nameof(seenClasses));
        Guard.Positive(samplesPerClass, nameof(samplesPerClass));
        long rows = generated.shape[0];
        if (rows % samplesPerClass != 0 || rows / samplesPerClass <= seenClasses)
            throw new ArgumentException($"generated has {rows} rows: not (C_s + C_u)·{samplesPerClass} with C_s = {seenClasses} and C_u ≥ 1.", nameof(generated));
        int classes = (int)(rows / samplesPerClass);
        long x = generated.shape[1];
        Guard.Shape(seenFeatures, nameof(seenFeatures), $"[N_s, {x}]", -1, x);
        Guard.Shape(seenLabels, nameof(seenLabels), $"[{seenFeatures.shape[0]}] (int64)", seenFeatures.shape[0]);
        Guard.DType(seenLabels, nameof(seenLabels), ScalarType.Int64);
        GazslLabels.CheckRange(seenLabels, nameof(seenLabels), seenClasses);
        Guard.Shape(unseenFeatures, nameof(unseenFeatures), $"[N_u, {x}]", -1, x);
        Guard.Shape(unseenLabels, nameof(unseenLabels), $"[{unseenFeatures.shape[0]}] (int64)", unseenFeatures.shape[0]);
        Guard.DType(unseenLabels, nameof(unseenLabels), ScalarType.Int64);
        GazslLabels.CheckRange(unseenLabels, nameof(unseenLabels), classes - seenClasses);
        if (seenLabels.shape[0] == 0 || unseenLabels.shape[0] == 0)
            throw new ArgumentException("Both the seen and the unseen evaluation sets need at least one sample.", nameof(seenLabels));
        var sweep = (lambdas ?? ReferenceLambdas()).ToArray();
        if (sweep.Length == 0 || sweep.Any(l => !double.IsFinite(l)))
            throw new ArgumentException("lambdas must be a non-empty list of finite values.", nameof(lambdas));

        using var scope = NewDisposeScope();
        var pivots = generated.to_type(ScalarType.Float64).reshape(classes, samplesPerClass, x).mean(new long[] { 1 });
        var seenSim = CosineSimilarity.Compute(seenFeatures, pivots);
        var unseenSim = CosineSimilarity.Compute(unseenFeatures, pivots);
        var unseenColumns = arange(Scalars.S(0), Scalars.S(classes), Scalars.S(1), dtype: ScalarType.Int64, device: pivots.device).ge(tensor((long)seenClasses, device: pivots.device)).to_type(ScalarType.Float64);
        var unseenTargets = unseenLabels.to(pivots.device).Plus(tensor((long)seenClasses, device: pivots.device));
        var seenTargets = seenLabels.to(pivots.device);
        var accS = new double[sweep.Length];
        var accU = new double[sweep.Length];
        for (int i = 0; i < sweep.Length; i++)
        {
            using var inner = NewDisposeScope();
            using var lambda = sweep[i].ToScalar();        // changes every time: not a cached scalar
            var offset = unseenColumns.mul(lambda);       // λ on the unseen columns, 0 elsewhere (exact: s + 0 = s)
            accS[i] = Fraction(seenSim.Plus(offset).argmax(1).eq(seenTargets));
            accU[i] = Fraction(unseenSim.Plus(offset).argmax(1).eq(unseenTargets));
        }
        double auc = 0;
        for (int i = 0; i + 1 < sweep.Length; i++) auc += (accU[i + 1] - accU[i]) * (accS[i + 1] + accS[i]) / 2.0;
        return new GzslAucResult(pivots.MoveToOuterDisposeScope(), seenSim.MoveToOuterDisposeScope(), unseenSim.MoveToOuterDisposeScope(),
            sweep, accS, accU, auc);
    }

    private static double Fraction(Tensor hits) => (double)hits.sum().item<long>() / hits.shape[0];
}
