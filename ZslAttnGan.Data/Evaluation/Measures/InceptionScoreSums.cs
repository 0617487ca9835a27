using TorchSharp;
using ZslAttnGan.Nn;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// The Inception Score of <see cref="InceptionScore"/> from sums that shards of the rows can compute separately and
/// add: for split k (rows ⌊k·N/s⌋ … ⌊(k+1)·N/s⌋ − 1 of the whole set), Σᵢ pᵢ (the class probabilities, [K]) and
/// Σᵢ Σⱼ pᵢⱼ log pᵢⱼ. Because E_i KL(pᵢ ‖ m) = (1/n)·Σᵢ Σⱼ pᵢⱼ log pᵢⱼ − Σⱼ mⱼ log mⱼ with m = (1/n)·Σᵢ pᵢ, the score
/// of split k is exp of that, and the merged sums give the single-process score up to float64 rounding.
/// </summary>
public static class InceptionScoreSums
{
    /// <summary>The split (0 … <paramref name="splits"/> − 1) that row <paramref name="row"/> of <paramref name="total"/>
    /// rows belongs to.</summary>
    public static int SplitOf(int row, int total, int splits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, splits);
        if (row < 0 || row >= total) throw new ArgumentOutOfRangeException(nameof(row), row, $"Rows are 0..{total - 1}.");
        // The largest k with ⌊k·N/s⌋ ≤ row.
        int k = (int)Math.Min(splits - 1, (long)row * splits / total);
        while (k + 1 < splits && (long)(k + 1) * total / splits <= row) k++;
        while ((long)k * total / splits > row) k--;
        return k;
    }

    /// <summary>The partial sums of some rows: [splits · (K + 1)], split by split, K probability sums then Σ p log p.</summary>
    /// <param name="logits">Classifier logits of the rows [R, K] (softmax taken here, in float64).</param>
    /// <param name="rows">The index of each row in the whole set.</param>
    /// <param name="total">N, rows of the whole set.</param>
    /// <param name="splits">Splits of the score (at most N).</param>
    /// <exception cref="ArgumentException">Shapes or rows do not fit.</exception>
    public static double[] Partial(Tensor logits, IReadOnlyList<int> rows, int total, int splits)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Guard.Shape(logits, nameof(logits), "[R, K]", rows.Count, -1);
        Guard.Floating(logits, nameof(logits));
        int k = (int)logits.shape[1];
        var sums = new double[splits * (k + 1)];
        if (rows.Count == 0) return sums;
        using var scope = NewDisposeScope();
        var logP = logits.detach().to(ScalarType.Float64, CPU).log_softmax(1);
        var p = logP.exp();
        var probabilities = p.contiguous().data<double>().ToArray();
        var plogp = (p * logP).sum(1).contiguous().data<double>().ToArray();
        for (int i = 0; i < rows.Count; i++)
        {
            int offset = SplitOf(rows[i], total, splits) * (k + 1);
            for (int j = 0; j < k; j++) sums[offset + j] += probabilities[(long)i * k + j];
            sums[offset + k] += plogp[i];
        }
        return sums;
    }

    /// <summary>Mean ± std over the splits of the score from the partial sums of all <paramref name="total"/> rows
    /// (<see cref="Partial"/>, added over the shards).</summary>
    /// <exception cref="ArgumentException">The sums do not have splits · (K + 1) entries.</exception>
    public static MeanStd Score(IReadOnlyList<double> sums, int classes, int total, int splits)
    {
        ArgumentNullException.ThrowIfNull(sums);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(splits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, splits);
        if (sums.Count != splits * (classes + 1))
            throw new ArgumentException($"{sums.Count} sums for {splits} splits of {classes} classes.", nameof(sums));
        var scores = new double[splits];
        for (int s = 0; s < splits; s++)
        {
            long n = (long)(s + 1) * total / splits - (long)s * total / splits;
            int offset = s * (classes + 1);
            double mLogM = 0;
            for (int j = 0; j < classes; j++)
            {
                double m = sums[offset + j] / n;
                // 0·log 0 = 0, as InceptionScore treats a zero marginal.
                if (m > 0) mLogM += m * Math.Log(m);
            }
            scores[s] = Math.Exp(sums[offset + classes] / n - mLogM);
        }
        return MeanStd.Of(scores, total);
    }
}
