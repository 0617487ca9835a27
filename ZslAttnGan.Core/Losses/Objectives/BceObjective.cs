using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Losses;

/// <summary>AttnGAN's objective: mean binary cross-entropy on sigmoid probabilities (real 1, fake and mismatched 0; the
/// generator wants 1), in <see cref="MatchedPairsObjective"/>'s structure.</summary>
public sealed class BceObjective(AdversarialObjective? penalty = null) : MatchedPairsObjective(penalty)
{
    /// <inheritdoc />
    public override string Name => "bce";

    /// <inheritdoc />
    protected override Tensor RealTerm(Tensor logits) => Bce(sigmoid(logits), 1.0);

    /// <inheritdoc />
    protected override Tensor FakeTerm(Tensor logits) => Bce(sigmoid(logits), 0.0);

    /// <inheritdoc />
    protected override Tensor GeneratorTerm(Tensor logits) => Bce(sigmoid(logits), 1.0);

    /// <summary>Mean BCE; NaN (not libtorch's "all elements of input should be between 0 and 1" error with a native
    /// stack) when a probability is not finite, so a diverging discriminator reaches the trainer's non-finite-loss check
    /// with the loss's name.</summary>
    private static Tensor Bce(Tensor probabilities, double label)
    {
        if (!probabilities.isfinite().all().item<bool>())
            return tensor(new[] { float.NaN }, dtype: probabilities.dtype, device: probabilities.device).squeeze();
        return nn.functional.binary_cross_entropy(probabilities, full_like(probabilities, S(label)));
    }
}
