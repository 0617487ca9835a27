using ZslAttnGan.Losses;

namespace ZslAttnGan.Training;

/// <summary>Form of the ZSL adversarial loss between image codes and sentence codes.</summary>
public enum ZslLossKind
{
    /// <summary>The seed's BCE with logits (label 0 = real image code, 1 = generated sentence code), one D step per step.</summary>
    Bce,

    /// <summary>ZSL-GAN's WGAN-GP: critic scores, gradient penalty and <see cref="LossOptions.CriticIterations"/> critic updates.</summary>
    WganGp,
}

/// <summary>Loss coefficients and variants. Defaults are the seed's (bird.yml) values.</summary>
public sealed record LossOptions
{
    /// <summary>DAMSM γ1, γ2, γ3 (4, 5, 10) and same-class masking.</summary>
    public DamsmOptions Damsm { get; init; } = new();

    /// <summary>λ_damsm: weight of the DAMSM words + sentence terms in the generator loss (seed 1.0; AttnGAN bird 5, COCO 50).</summary>
    public double DamsmWeight { get; init; } = 1.0;

    /// <summary>λ_zsl (SUPERVISED_COEF): weight of the ZSL terms in the encoder and generator losses (0.1).</summary>
    public double ZslWeight { get; init; } = 0.1;

    /// <summary>BCE (seed) or WGAN-GP (ZSL-GAN).</summary>
    public ZslLossKind ZslLoss { get; init; } = ZslLossKind.Bce;

    /// <summary>Gradient-penalty weight for WGAN-GP (10).</summary>
    public double GradientPenaltyWeight { get; init; } = 10.0;

    /// <summary>ZSL discriminator updates per encoder update (1; ZSL-GAN used 5 with WGAN-GP). Each reuses the step's detached codes.</summary>
    public int CriticIterations { get; init; } = 1;

    /// <summary>Weight of the visual-pivot term (class centroids of sentence codes vs image codes); 0 = off, as in the seed.</summary>
    public double VisualPivotWeight { get; init; }

    /// <summary>Keep DAMSM's sentence term (s0 + s1) in the losses (the seed does).</summary>
    public bool SentenceDamsm { get; init; } = true;

    /// <summary>Differentiable augmentation of every image-discriminator input (real and generated, in both updates);
    /// null = off, as in AttnGAN. See <see cref="Discrimination.DifferentiableAugmentation"/>.</summary>
    public Discrimination.DifferentiableAugmentation? DiscriminatorAugmentation { get; init; }

    /// <summary>Form of the image discriminators' loss and DF-GAN's MA-GP; default AttnGAN's (BCE, no penalty).</summary>
    public AdversarialObjective Adversarial { get; init; } = AdversarialObjective.AttnGan;

    /// <summary>Weight of the mode-seeking term (<see cref="Losses.ModeSeekingLoss"/>): each generator update draws a
    /// second image per caption with fresh noise and rewards the pair for differing. 0 = off (AttnGAN and the seed have
    /// none); it costs one more generator forward and backward per step.</summary>
    public double ModeSeekingWeight { get; init; }

    /// <summary>Share of the batch's captions that get the mode-seeking term's second image, in (0, 1] (1 = every
    /// caption, as MSGAN). The second generator pass runs on the first ⌈share × B⌉ rows only (at least 2, for BatchNorm),
    /// so 0.5 halves its cost;
    /// the term is a mean over the pairs, so fewer pairs give the same expected value with more noise.</summary>
    public double ModeSeekingBatchShare { get; init; } = 1.0;

    /// <summary>Weight of the KL term in AttnGAN (conditioning-augmentation) mode (1).</summary>
    public double KlWeight { get; init; } = 1.0;

    /// <summary>Throws <see cref="ArgumentException"/> for a negative weight or fewer than one critic iteration.</summary>
    public void Validate()
    {
        if (DamsmWeight < 0 || ZslWeight < 0 || GradientPenaltyWeight < 0 || VisualPivotWeight < 0 || KlWeight < 0 || ModeSeekingWeight < 0)
            throw new ArgumentException($"Loss weights must not be negative: {this}.");
        if (!(ModeSeekingBatchShare > 0 && ModeSeekingBatchShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(ModeSeekingBatchShare), ModeSeekingBatchShare, "ModeSeekingBatchShare must lie in (0, 1].");
        DiscriminatorAugmentation?.Validate();
        if (Adversarial is null) throw new ArgumentException("Adversarial must not be null (AdversarialObjective.AttnGan is the default).", nameof(Adversarial));
        Adversarial.Validate();
        if (CriticIterations < 1) throw new ArgumentException("CriticIterations must be at least 1.", nameof(CriticIterations));
    }
}
