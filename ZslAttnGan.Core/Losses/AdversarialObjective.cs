namespace ZslAttnGan.Losses;

/// <summary>Form of the image discriminators' adversarial loss.</summary>
public enum AdversarialLossKind
{
    /// <summary>AttnGAN's mean BCE on sigmoid probabilities (real 1, fake and mismatched 0; the generator wants 1).</summary>
    Bce,

    /// <summary>Hinge loss (DF-GAN, SAGAN): D minimises relu(1 − real) + relu(1 + fake) on the heads' logits, the generator
    /// minimises −logit. Unbounded scores keep giving the generator a gradient where a saturated sigmoid gives none.</summary>
    Hinge,
}

/// <summary>
/// How the image discriminators are trained: the loss form and DF-GAN's matching-aware zero-centred gradient penalty
/// (MA-GP, Tao et al. 2022): weight × mean over the batch of ‖(∂D(x, s)/∂x, ∂D(x, s)/∂s)‖₂^power at real images x
/// with their own sentences s, on the conditional head's logit. It flattens D around real, matching pairs, so the
/// generator is pulled towards them smoothly. DF-GAN uses weight 2, power 6. The default (BCE, no penalty) is AttnGAN's.
/// </summary>
/// <param name="Kind">Loss form.</param>
/// <param name="MatchingAwarePenaltyWeight">MA-GP weight; 0 = off.</param>
/// <param name="MatchingAwarePenaltyPower">Power of the gradient norm in MA-GP.</param>
public sealed record AdversarialObjective(AdversarialLossKind Kind = AdversarialLossKind.Bce, double MatchingAwarePenaltyWeight = 0, double MatchingAwarePenaltyPower = 6)
{
    /// <summary>AttnGAN's objective: BCE, no penalty.</summary>
    public static AdversarialObjective AttnGan => new();

    /// <summary>DF-GAN's objective: hinge loss and MA-GP with weight 2, power 6.</summary>
    public static AdversarialObjective DfGan => new(AdversarialLossKind.Hinge, 2, 6);

    /// <summary>The objective this option selects: one class per <see cref="Kind"/>, with this record's MA-GP settings.</summary>
    public IImageAdversarialObjective Create()
    {
        Validate();
        return Kind switch
        {
            AdversarialLossKind.Bce => new BceObjective(this),
            AdversarialLossKind.Hinge => new HingeObjective(this),
            _ => throw new ArgumentException($"Unknown adversarial loss kind {Kind}.", nameof(Kind)),
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> for an unknown kind, a negative weight or a power below 1.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentException($"Unknown adversarial loss kind {(int)Kind}; valid: {string.Join(", ", Enum.GetNames<AdversarialLossKind>())}.", nameof(Kind));
        if (!(MatchingAwarePenaltyWeight >= 0) || double.IsInfinity(MatchingAwarePenaltyWeight))
            throw new ArgumentException($"MatchingAwarePenaltyWeight must be finite and ≥ 0 (got {MatchingAwarePenaltyWeight}).", nameof(MatchingAwarePenaltyWeight));
        if (!(MatchingAwarePenaltyPower >= 1) || double.IsInfinity(MatchingAwarePenaltyPower))
            throw new ArgumentException($"MatchingAwarePenaltyPower must be finite and ≥ 1 (got {MatchingAwarePenaltyPower}).", nameof(MatchingAwarePenaltyPower));
    }
}
