using TorchSharp;
using ZslAttnGan.Discrimination;
using ZslAttnGan.Modules;
using static TorchSharp.torch;
using static ZslAttnGan.Modules.Scalars;

namespace ZslAttnGan.Losses;

/// <summary>One image discriminator's loss and its BCE terms (unconditional terms null without that head).</summary>
public sealed record DiscriminatorLossResult(Tensor Total, Tensor CondReal, Tensor CondFake, Tensor? CondWrong, Tensor? UncondReal, Tensor? UncondFake);

/// <summary>The generator's adversarial loss against one discriminator.</summary>
public sealed record GeneratorAdversarialResult(Tensor Total, Tensor Cond, Tensor? Uncond);

/// <summary>
/// AttnGAN's image-discriminator and generator adversarial losses (attngan.md §4.4–4.5): mean BCE on sigmoid
/// probabilities, with real, fake and mismatched terms. Modules are called in the reference's order so BatchNorm
/// running statistics evolve identically in train mode.
/// </summary>
public static class GanLosses
{
    /// <summary>
    /// errD = (ur + cr)/2 + (uf + cf + cw)/3 with the unconditional head, else cr + (cf + cw)/2. The mismatched term cw
    /// pairs real image k with sentence k + 1 (the reference, which never checks the class); with a batch of 1 there
    /// is no mismatched pair and the term is left out (the reference fails there).
    /// </summary>
    /// <param name="discriminator">The discriminator of this scale.</param>
    /// <param name="real">Real images [B, 3, S, S].</param>
    /// <param name="fake">Generated images [B, 3, S, S]; detached here.</param>
    /// <param name="conditions">Sentence conditions [B, C].</param>
    public static DiscriminatorLossResult Discriminator(ImageDiscriminator discriminator, Tensor real, Tensor fake, Tensor conditions)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        Guard.Shape(real, nameof(real), $"[B, 3, {discriminator.ImageSize}, {discriminator.ImageSize}]", -1, 3, discriminator.ImageSize, discriminator.ImageSize);
        Guard.Shape(fake, nameof(fake), $"[{real.shape[0]}, 3, {discriminator.ImageSize}, {discriminator.ImageSize}]", real.shape[0], 3, discriminator.ImageSize, discriminator.ImageSize);
        Guard.Shape(conditions, nameof(conditions), $"[{real.shape[0]}, {discriminator.ConditionSize}]", real.shape[0], discriminator.ConditionSize);
        long b = real.shape[0];

        var realFeatures = discriminator.forward(real);
        var fakeFeatures = discriminator.forward(fake.detach());
        var condReal = Bce(discriminator.Conditional.forward(realFeatures, conditions), 1.0);
        var condFake = Bce(discriminator.Conditional.forward(fakeFeatures, conditions), 0.0);
        Tensor? condWrong = b > 1
            ? Bce(discriminator.Conditional.forward(realFeatures[..(int)(b - 1)], conditions[1..]), 0.0)
            : null;

        if (discriminator.Unconditional is { } uncond)
        {
            var uncondReal = Bce(uncond.forward(realFeatures, null), 1.0);
            var uncondFake = Bce(uncond.forward(fakeFeatures, null), 0.0);
            var fakeSide = condWrong is null ? uncondFake.Plus(condFake) / S(2) : uncondFake.Plus(condFake).Plus(condWrong) / S(3);
            return new DiscriminatorLossResult((uncondReal.Plus(condReal) / S(2)).Plus(fakeSide), condReal, condFake, condWrong, uncondReal, uncondFake);
        }
        var fakeOnly = condWrong is null ? condFake : condFake.Plus(condWrong) / S(2);
        return new DiscriminatorLossResult(condReal.Plus(fakeOnly), condReal, condFake, condWrong, null, null);
    }

    /// <summary>BCE(COND(D(fake), c), 1) + BCE(UNCOND(D(fake)), 1); the fake is not detached.</summary>
    public static GeneratorAdversarialResult Generator(ImageDiscriminator discriminator, Tensor fake, Tensor conditions)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        Guard.Shape(conditions, nameof(conditions), $"[B, {discriminator.ConditionSize}]", -1, discriminator.ConditionSize);
        var features = discriminator.forward(fake);
        var cond = Bce(discriminator.Conditional.forward(features, conditions), 1.0);
        if (discriminator.Unconditional is { } uncond)
        {
            var u = Bce(uncond.forward(features, null), 1.0);
            return new GeneratorAdversarialResult(cond.Plus(u), cond, u);
        }
        return new GeneratorAdversarialResult(cond, cond, null);
    }

    /// <summary>KL(N(μ, σ²) ‖ N(0, I)) as the reference computes it: the mean (not the sum) of −½(1 + logσ² − μ² − σ²).</summary>
    public static Tensor KlDivergence(Tensor mu, Tensor logVar)
    {
        Guard.Shape(mu, nameof(mu), "[B, C]", -1, -1);
        Guard.Shape(logVar, nameof(logVar), $"[{mu.shape[0]}, {mu.shape[1]}]", mu.shape[0], mu.shape[1]);
        return ((mu.square().Plus(logVar.exp()) - logVar - S(1)) * S(0.5)).mean();
    }

    /// <summary>Mean BCE; NaN (not libtorch's "all elements of input should be between 0 and 1" error with a native
    /// stack) when a probability is not finite, so a diverging discriminator reaches the trainer's non-finite-loss check
    /// with the loss's name.</summary>
    private static Tensor Bce(Tensor probabilities, double label)
    {
        if (!probabilities.isfinite().all().item<bool>()) return full(Array.Empty<long>(), double.NaN, dtype: probabilities.dtype, device: probabilities.device);
        return nn.functional.binary_cross_entropy(probabilities, full_like(probabilities, S(label)));
    }
}
