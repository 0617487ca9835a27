using TorchSharp;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// k-nearest-neighbour classification by cosine similarity with a majority vote, as ZSL-GAN's
/// <c>eval_fakefeat_test</c>: each query takes the <c>k</c> most similar reference codes (generated class codes), and
/// the label with the most votes wins; ties go to the smallest class index (numpy's <c>unique</c> sorts and
/// <c>argmax</c> returns the first maximum).
/// </summary>
public static class KnnClassifier
{
    /// <summary>The predicted label of every query.</summary>
    /// <param name="queries">Query codes [Q, D] (e.g. image codes of real images).</param>
    /// <param name="references">Labelled reference codes [R, D] (e.g. generated sentence codes).</param>
    /// <param name="referenceLabels">Label of each reference row (non-negative).</param>
    /// <param name="k">Neighbours per vote (ZSL-GAN: 20); capped at R.</param>
    /// <exception cref="ArgumentException">Shapes or label counts do not fit, or a label is negative.</exception>
    public static int[] Predict(Tensor queries, Tensor references, IReadOnlyList<int> referenceLabels, int k)
    {
        ArgumentNullException.ThrowIfNull(referenceLabels);
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (referenceLabels.Count != references.shape[0])
            throw new ArgumentException($"{referenceLabels.Count} labels for {references.shape[0]} reference codes.", nameof(referenceLabels));
        if (referenceLabels.Any(l => l < 0)) throw new ArgumentException("Labels must not be negative.", nameof(referenceLabels));
        int kk = (int)Math.Min(k, references.shape[0]);
        int maxLabel = referenceLabels.Max();
        using var scope = NewDisposeScope();
        var sim = Cosine.Matrix(queries, references);
        var (_, indices) = sim.topk(kk, dim: 1, largest: true, sorted: true);
        var idx = indices.contiguous().data<long>().ToArray();
        var predictions = new int[sim.shape[0]];
        var votes = new int[maxLabel + 1];
        for (int q = 0; q < predictions.Length; q++)
        {
            Array.Clear(votes);
            for (int j = 0; j < kk; j++) votes[referenceLabels[(int)idx[q * kk + j]]]++;
            int best = 0;
            for (int c = 1; c < votes.Length; c++) if (votes[c] > votes[best]) best = c;
            predictions[q] = best;
        }
        return predictions;
    }
}
