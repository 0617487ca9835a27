using TorchSharp;
using ZslAttnGan.Components;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Losses;

/// <summary>One image discriminator's loss and its BCE or hinge terms (unconditional terms null without that head).</summary>
public sealed record DiscriminatorLossResult(Tensor Total, Tensor CondReal, Tensor CondFake, Tensor? CondWrong, Tensor? UncondReal, Tensor? UncondFake)
{
    /// <summary>The weighted MA-GP term included in <see cref="Total"/>, or null when the objective has none.</summary>
    public Tensor? MatchingAwarePenalty { get; init; }
}

/// <summary>The generator's adversarial loss against one discriminator.</summary>
public sealed record GeneratorAdversarialResult(Tensor Total, Tensor Cond, Tensor? Uncond);

/// <summary>
/// AttnGAN's image-discriminator and generator adversarial losses (attngan.md §4.4–4.5): mean BCE on sigmoid
/// probabilities, with real, fake and mismatched terms; or, by <see cref="AdversarialObjective"/>, DF-GAN's hinge form and
/// matching-aware gradient penalty. Modules are called in the reference's order so BatchNorm
/// running statistics evolve identically in train mode.
/// </summary>
public static class GanLosses
{
    /// <summary>
    /// errD = (ur + cr)/2 + (uf + cf + cw)/3 with the unconditional head, else cr + (cf + cw)/2, plus the MA-GP term when
    /// <paramref name="objective"/> asks for it. Each term is a mean BCE on probabilities (AttnGAN) or a hinge on logits.
    /// The mismatched term cw pairs real image k with sentence k + 1 (the reference, which never checks the class); with
    /// a batch of 1 there is no mismatched pair and the term is left out (the reference fails there).
    /// </summary>
    /// <param name="discriminator">The discriminator of this scale.</param>
    /// <param name="real">Real images [B, 3, S, S].</param>
    /// <param name="fake">Generated images [B, 3, S, S]; detached here.</param>
    /// <param name="conditions">Sentence conditions [B, C].</param>
    /// <param name="objective">Loss form and penalty; null = AttnGAN's (BCE, no penalty).</param>
    public static DiscriminatorLossResult Discriminator(IImageDiscriminator discriminator, Tensor real, Tensor fake, Tensor conditions,
        AdversarialObjective? objective = null) =>
        (objective ?? AdversarialObjective.AttnGan).Create().Discriminator(discriminator, real, fake, conditions);

    /// <summary>The generator's term against each head: BCE(COND(D(fake), c), 1) + BCE(UNCOND(D(fake)), 1), or −logit for
    /// the hinge objective; the fake is not detached.</summary>
    public static GeneratorAdversarialResult Generator(IImageDiscriminator discriminator, Tensor fake, Tensor conditions, AdversarialObjective? objective = null) =>
        (objective ?? AdversarialObjective.AttnGan).Create().Generator(discriminator, fake, conditions);

    /// <summary>MA-GP before its weight: mean over the batch of ‖(∂Σlogits/∂images_k, ∂Σlogits/∂conditions_k)‖₂^power.
    /// <paramref name="images"/> and <paramref name="conditions"/> must be the leaves the logits were computed from.</summary>
    public static Tensor MatchingAwarePenalty(Tensor logits, Tensor images, Tensor conditions, double power)
    {
        var grads = autograd.grad(new[] { logits.sum() }, new[] { images, conditions }, retain_graph: true, create_graph: true);
        long b = images.shape[0];
        var squared = grads[0].reshape(b, -1).square().sum(1).Plus(grads[1].reshape(b, -1).square().sum(1));
        // ‖g‖^p as (‖g‖²)^(p/2): no square root, whose gradient is infinite where D is flat.
        return squared.pow(S(power / 2)).mean();
    }

    /// <summary>KL(N(μ, σ²) ‖ N(0, I)) as the reference computes it: the mean (not the sum) of −½(1 + logσ² − μ² − σ²).</summary>
    public static Tensor KlDivergence(Tensor mu, Tensor logVar)
    {
        Guard.Shape(mu, nameof(mu), "[B, C]", -1, -1);
        Guard.Shape(logVar, nameof(logVar), $"[{mu.shape[0]}, {mu.shape[1]}]", mu.shape[0], mu.shape[1]);
        return (((mu.square().Plus(logVar.exp()) - logVar).Minus(1)).Times(0.5)).mean();
    }
}
