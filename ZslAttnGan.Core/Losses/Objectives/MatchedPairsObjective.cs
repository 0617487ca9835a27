using ZslAttnGan.Components;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Losses;

/// <summary>
/// AttnGAN's structure of the image adversarial loss (attngan.md §4.4–4.5), whatever the per-term form: the
/// discriminator sees real images with their captions (real), generated images with theirs (fake) and real image k with
/// caption k + 1 (mismatched, fake); with an unconditional head it also judges realness alone, and the terms are
/// averaged as errD = (ur + cr)/2 + (uf + cf + cw)/3 (else cr + (cf + cw)/2). DF-GAN's matching-aware gradient penalty
/// is added when <see cref="Penalty"/> asks for it. A derived class gives the three term forms only.
/// </summary>
public abstract class MatchedPairsObjective : IImageAdversarialObjective
{
    /// <summary>Creates the objective.</summary>
    /// <param name="penalty">MA-GP weight and power (weight 0 = off); null = no penalty.</param>
    protected MatchedPairsObjective(AdversarialObjective? penalty)
    {
        Penalty = penalty ?? AdversarialObjective.AttnGan;
        Penalty.Validate();
    }

    /// <summary>The MA-GP settings (its <see cref="AdversarialObjective.Kind"/> is not read here).</summary>
    public AdversarialObjective Penalty { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The discriminator's term for logits that should read "real".</summary>
    protected abstract Tensor RealTerm(Tensor logits);

    /// <summary>The discriminator's term for logits that should read "fake" (generated or mismatched).</summary>
    protected abstract Tensor FakeTerm(Tensor logits);

    /// <summary>The generator's term for the discriminator's logits on its images.</summary>
    protected abstract Tensor GeneratorTerm(Tensor logits);

    /// <inheritdoc />
    public DiscriminatorLossResult Discriminator(IImageDiscriminator discriminator, Tensor real, Tensor fake, Tensor conditions)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        int s = discriminator.ImageSize;
        Guard.Shape(real, nameof(real), $"[B, 3, {s}, {s}]", -1, 3, s, s);
        Guard.Shape(fake, nameof(fake), $"[{real.shape[0]}, 3, {s}, {s}]", real.shape[0], 3, s, s);
        Guard.Shape(conditions, nameof(conditions), $"[{real.shape[0]}, {discriminator.ConditionSize}]", real.shape[0], discriminator.ConditionSize);
        long b = real.shape[0];
        bool penalty = Penalty.MatchingAwarePenaltyWeight > 0;
        if (penalty)
        {
            // Leaves of their own, so the penalty differentiates D at exactly these inputs.
            real = real.detach().requires_grad_(true);
            conditions = conditions.detach().requires_grad_(true);
        }

        var realFeatures = discriminator.Features(real);
        var fakeFeatures = discriminator.Features(fake.detach());
        var condRealLogits = discriminator.ConditionalLogits(realFeatures, conditions);
        var condReal = RealTerm(condRealLogits);
        var condFake = FakeTerm(discriminator.ConditionalLogits(fakeFeatures, conditions));
        // The reference pairs image k with sentence k + 1 without checking the class; a batch of 1 has no such pair.
        Tensor? condWrong = b > 1 ? FakeTerm(discriminator.ConditionalLogits(realFeatures[..(int)(b - 1)], conditions[1..])) : null;

        Tensor total;
        Tensor? uncondReal = null, uncondFake = null;
        if (discriminator.HasUnconditionalHead)
        {
            uncondReal = RealTerm(discriminator.UnconditionalLogits(realFeatures));
            uncondFake = FakeTerm(discriminator.UnconditionalLogits(fakeFeatures));
            var fakeSide = condWrong is null ? uncondFake.Plus(condFake).DividedBy(2) : uncondFake.Plus(condFake).Plus(condWrong).DividedBy(3);
            total = uncondReal.Plus(condReal).DividedBy(2).Plus(fakeSide);
        }
        else
        {
            var fakeOnly = condWrong is null ? condFake : condFake.Plus(condWrong).DividedBy(2);
            total = condReal.Plus(fakeOnly);
        }
        Tensor? gp = null;
        if (penalty)
        {
            gp = GanLosses.MatchingAwarePenalty(condRealLogits, real, conditions, Penalty.MatchingAwarePenaltyPower).Times(Penalty.MatchingAwarePenaltyWeight);
            total = total.Plus(gp);
        }
        return new DiscriminatorLossResult(total, condReal, condFake, condWrong, uncondReal, uncondFake) { MatchingAwarePenalty = gp };
    }

    /// <inheritdoc />
    public GeneratorAdversarialResult Generator(IImageDiscriminator discriminator, Tensor fake, Tensor conditions)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        Guard.Shape(conditions, nameof(conditions), $"[B, {discriminator.ConditionSize}]", -1, discriminator.ConditionSize);
        var features = discriminator.Features(fake);
        var cond = GeneratorTerm(discriminator.ConditionalLogits(features, conditions));
        if (discriminator.HasUnconditionalHead)
        {
            var u = GeneratorTerm(discriminator.UnconditionalLogits(features));
            return new GeneratorAdversarialResult(cond.Plus(u), cond, u);
        }
        return new GeneratorAdversarialResult(cond, cond, null);
    }
}
