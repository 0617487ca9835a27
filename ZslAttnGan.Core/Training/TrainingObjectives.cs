using ZslAttnGan.Losses;

namespace ZslAttnGan.Training;

/// <summary>
/// The loss objectives a trainer uses, one strategy per role, built from <see cref="LossOptions"/> by default and
/// replaceable one by one (<see cref="Trainer.Objectives"/>): the image adversarial game, the ZSL game, the image–text
/// matching loss and the conditioning penalty. A replaced objective is not recorded in checkpoints (they keep the
/// <see cref="LossOptions"/>): set it again when resuming, as with <see cref="Trainer.ExtraLossTerms"/>.
/// </summary>
public sealed class TrainingObjectives
{
    private IImageAdversarialObjective _imageAdversarial;
    private IZslObjective _zsl;
    private IDamsmObjective _matching;
    private IConditioningPenalty _conditioning;

    /// <summary>The objectives <paramref name="loss"/> selects: <see cref="LossOptions.Adversarial"/>'s kind with its
    /// MA-GP, <see cref="LossOptions.ZslLoss"/> with its penalty weight and critic iterations, DAMSM with
    /// <see cref="LossOptions.Damsm"/>, and the KL penalty.</summary>
    public TrainingObjectives(LossOptions loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        loss.Validate();
        _imageAdversarial = loss.Adversarial.Create();
        _zsl = loss.ZslLoss switch
        {
            ZslLossKind.Bce => new ZslBceObjective(loss.CriticIterations),
            ZslLossKind.WganGp => new ZslWganGpObjective(loss.GradientPenaltyWeight, loss.CriticIterations),
            _ => throw new ArgumentException($"Unknown ZSL loss {loss.ZslLoss}.", nameof(loss)),
        };
        _matching = new DamsmLoss(loss.Damsm);
        _conditioning = new KlDivergencePenalty();
    }

    /// <summary>The image discriminators' and generator's adversarial objective.</summary>
    public IImageAdversarialObjective ImageAdversarial
    {
        get => _imageAdversarial;
        set => _imageAdversarial = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The ZSL objective (encoders, critic, generated images); unused in AttnGAN mode.</summary>
    public IZslObjective Zsl
    {
        get => _zsl;
        set => _zsl = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The image–text matching objective (DAMSM).</summary>
    public IDamsmObjective Matching
    {
        get => _matching;
        set => _matching = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The penalty on a variational conditioner's distribution (AttnGAN's KL term); unused in ZSL mode.</summary>
    public IConditioningPenalty Conditioning
    {
        get => _conditioning;
        set => _conditioning = value ?? throw new ArgumentNullException(nameof(value));
    }
}
