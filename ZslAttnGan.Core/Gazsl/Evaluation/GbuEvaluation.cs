using ZslAttnGan.Nn;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Evaluation;

/// <summary>GBU generalised zero-shot result (tensors owned by the caller).</summary>
/// <param name="SeenPredictions">test-seen predictions over [seen; unseen] classes [N_s] (int64).</param>
/// <param name="UnseenPredictions">test-unseen predictions over [unseen; seen] classes (UNSEEN first) [N_u] (int64).</param>
/// <param name="SeenAccuracy">S: mean per-class accuracy on test-seen, %.</param>
/// <param name="UnseenAccuracy">U: mean per-class accuracy on test-unseen, %.</param>
/// <param name="Harmonic">H = 2SU / (S + U), % (0 when S + U = 0).</param>
public sealed record GbuGzslResult(Tensor SeenPredictions, Tensor UnseenPredictions, double SeenAccuracy, double UnseenAccuracy, double Harmonic);

/// <summary>
/// GAZSL's evaluation in the GBU setting (<c>train_GBU.py</c>; Xian et al.'s proposed splits): the same K-NN vote as
/// <see cref="ZslKnnEvaluation"/>, scored by mean PER-CLASS accuracy. ZSL: <see cref="ZslKnnEvaluation.Evaluate"/>'s
/// <see cref="ZslKnnResult.MeanPerClassAccuracy"/>. GZSL: test-seen features vote among [seen blocks; unseen blocks],
/// test-unseen features among [unseen blocks; seen blocks] (unseen first, so class j &lt; C_u is unseen class j).
/// </summary>
public static class GbuEvaluation
{
    /// <summary>The GZSL S, U and H from generated blocks of the seen [C_s·n, X] and unseen [C_u·n, X] classes.</summary>
    /// <exception cref="ArgumentException">Shapes, dtypes or labels do not fit.</exception>
    public static GbuGzslResult EvaluateGzsl(Tensor generatedSeen, Tensor generatedUnseen,
                                             Tensor testSeenFeatures, Tensor testSeenLabels,
                                             Tensor testUnseenFeatures, Tensor testUnseenLabels,
                                             int samplesPerClass = ZslKnnEvaluation.ReferenceSamplesPerClass, int k = ZslKnnEvaluation.ReferenceK)
    {
        Guard.Shape(generatedSeen, nameof(generatedSeen), "[C_s*samplesPerClass, X]", -1, -1);
        Guard.Shape(generatedUnseen, nameof(generatedUnseen), $"[C_u*samplesPerClass, {generatedSeen.shape[1]}]", -1, generatedSeen.shape[1]);
        Guard.Positive(samplesPerClass, nameof(samplesPerClass));
        foreach (var (t, name) in new[] { (generatedSeen, nameof(generatedSeen)), (generatedUnseen, nameof(generatedUnseen)) })
            if (t.shape[0] == 0 || t.shape[0] % samplesPerClass != 0)
                throw new ArgumentException($"{name} has {t.shape[0]} rows, not a positive multiple of samplesPerClass = {samplesPerClass}.", name);
        int seenClasses = (int)(generatedSeen.shape[0] / samplesPerClass);
        int unseenClasses = (int)(generatedUnseen.shape[0] / samplesPerClass);

        using var scope = NewDisposeScope();
        var seenFirst = cat(new[] { generatedSeen, generatedUnseen }, 0);
        var unseenFirst = cat(new[] { generatedUnseen, generatedSeen }, 0);
        var s = ZslKnnEvaluation.Evaluate(seenFirst, testSeenFeatures, testSeenLabels, samplesPerClass, k);
        var u = ZslKnnEvaluation.Evaluate(unseenFirst, testUnseenFeatures, testUnseenLabels, samplesPerClass, k);
        // Only the scored block's classes count (a label of class c is right only when predicted as c).
        double accS = ClassAccuracy.MeanPerClass(s.Vote.Predictions, testSeenLabels, seenClasses + unseenClasses);
        double accU = ClassAccuracy.MeanPerClass(u.Vote.Predictions, testUnseenLabels, seenClasses + unseenClasses);
        double h = accS + accU == 0 ? 0 : 2 * accS * accU / (accS + accU);
        return new GbuGzslResult(s.Vote.Predictions.MoveToOuterDisposeScope(), u.Vote.Predictions.MoveToOuterDisposeScope(), accS, accU, h);
    }
}
