using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// The Inception Score, IS = exp(E_x KL(p(y|x) ‖ p(y))), per split and then mean ± std over the splits, as in
/// openai/improved-gan (and StackGAN's CUB script): split k holds rows ⌊k·N/s⌋ … ⌊(k+1)·N/s⌋ − 1, p(y) is the mean
/// prediction of that split. Uniform predictions give 1; confident predictions spread evenly over K classes give K.
/// </summary>
/// <remarks>
/// The classifier matters: the CUB protocol (AttnGAN, StackGAN) uses an Inception-v3 <b>fine-tuned on CUB</b>
/// (50-way on the test classes), COCO uses the 2015 ImageNet graph; numbers from other classifiers are not comparable.
/// Rows are taken in the given order; shuffle beforehand when the order is structured (the reference shuffles).
/// </remarks>
public static class InceptionScore
{
    /// <summary>The default number of splits (10, as in the papers).</summary>
    public const int DefaultSplits = 10;

    /// <summary>IS from class probabilities [N, K] (rows sum to 1; computed in float64).</summary>
    /// <exception cref="ArgumentException">Wrong shape, fewer rows than splits, or negative probabilities.</exception>
    public static MeanStd FromProbabilities(Tensor probabilities, int splits = DefaultSplits)
    {
        Validate(probabilities, nameof(probabilities), splits);
        using var scope = NewDisposeScope();
        var p = probabilities.detach().to(ScalarType.Float64, CPU);
        if (p.lt(Scalars.S(0)).any().item<bool>())
            throw new ArgumentException("probabilities must not be negative.", nameof(probabilities));
        // 0·log 0 = 0: zero entries contribute nothing (log of them would be −∞ and 0·−∞ = NaN).
        var logP = where(p.gt(Scalars.S(0)), p.log(), zeros_like(p));
        return Score(p, logP, splits);
    }

    /// <summary>IS from classifier logits [N, K] (softmax taken here, in float64).</summary>
    /// <exception cref="ArgumentException">Wrong shape or fewer rows than splits.</exception>
    public static MeanStd FromLogits(Tensor logits, int splits = DefaultSplits)
    {
        Validate(logits, nameof(logits), splits);
        using var scope = NewDisposeScope();
        var logP = logits.detach().to(ScalarType.Float64, CPU).log_softmax(1);
        return Score(logP.exp(), logP, splits);
    }

    private static MeanStd Score(Tensor p, Tensor logP, int splits)
    {
        long n = p.shape[0];
        var scores = new double[splits];
        for (int k = 0; k < splits; k++)
        {
            long start = k * n / splits, end = (k + 1) * n / splits;
            var part = p.narrow(0, start, end - start);
            var partLog = logP.narrow(0, start, end - start);
            var marginal = part.mean(new long[] { 0 }, keepdim: true);
            var logMarginal = where(marginal.gt(Scalars.S(0)), marginal.log(), zeros_like(marginal));
            var kl = (part * (partLog - logMarginal)).sum(1);
            scores[k] = Math.Exp(kl.mean().item<double>());
        }
        return MeanStd.Of(scores, (int)n);
    }

    private static void Validate(Tensor t, string name, int splits)
    {
        Guard.Shape(t, name, "[N, K]", -1, -1);
        Guard.Floating(t, name);
        if (splits < 1) throw new ArgumentOutOfRangeException(nameof(splits), splits, "splits must be at least 1.");
        if (t.shape[0] < splits) throw new ArgumentException($"{name} has {t.shape[0]} rows; at least one per split ({splits}) is needed.", name);
    }
}
