using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Losses;

/// <summary>Hinge loss (DF-GAN, SAGAN) in <see cref="MatchedPairsObjective"/>'s structure: the discriminator minimises
/// relu(1 − real) + relu(1 + fake) on the heads' logits, the generator −logit. Unbounded scores keep giving the
/// generator a gradient where a saturated sigmoid gives none. Selected by <see cref="AdversarialLossKind.Hinge"/>.</summary>
public sealed class HingeObjective(AdversarialObjective? penalty = null) : MatchedPairsObjective(penalty)
{
    /// <inheritdoc />
    public override string Name => "hinge";

    /// <inheritdoc />
    protected override Tensor RealTerm(Tensor logits) => nn.functional.relu(logits.neg().Plus(1)).mean();

    /// <inheritdoc />
    protected override Tensor FakeTerm(Tensor logits) => nn.functional.relu(logits.Plus(1)).mean();

    /// <inheritdoc />
    protected override Tensor GeneratorTerm(Tensor logits) => logits.mean().neg();
}
