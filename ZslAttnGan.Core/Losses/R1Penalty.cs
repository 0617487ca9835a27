using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Training;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Losses;

/// <summary>
/// R1 (Mescheder et al. 2018): weight/2 × E‖∂D(x, s)/∂x‖² at real images x with their own sentences, on the
/// conditional head's logits, added to every image discriminator's loss as an <see cref="ILossTerm"/> of the
/// <see cref="LossPhase.ImageDiscriminator"/> phase: <c>trainer.ExtraLossTerms.Add(new R1Penalty(1))</c>. It penalises
/// the discriminator's gradient on the data, which keeps it from overshooting on small data sets. Costs one more
/// discriminator pass with a double backward on real images per update.
/// </summary>
/// <param name="weight">γ (StyleGAN2 uses 0.0002–10 depending on resolution; 1 is a moderate start at 64 px).</param>
public sealed class R1Penalty(double weight) : ILossTerm
{
    /// <summary>γ.</summary>
    public double Weight { get; } = weight > 0 && double.IsFinite(weight) ? weight
        : throw new ArgumentOutOfRangeException(nameof(weight), weight, "The R1 weight must be finite and > 0.");

    /// <inheritdoc />
    public string Name => "r1";

    /// <inheritdoc />
    public LossPhase Phase => LossPhase.ImageDiscriminator;

    /// <inheritdoc />
    public Tensor Compute(LossTermContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.DiscriminatorIndex is not int index || context.RealImages is null || context.Conditions is null)
            throw new ArgumentException("R1 runs in the image-discriminator phase, whose context has the discriminator index, real images and conditions.", nameof(context));
        var d = context.Model.Discriminators[index];
        var real = context.RealImages.detach().requires_grad_(true);
        var logits = d.ConditionalLogits(d.Features(real), context.Conditions.detach());
        var grad = autograd.grad(new[] { logits.sum() }, new[] { real }, retain_graph: true, create_graph: true)[0];
        return grad.reshape(grad.shape[0], -1).square().sum(1).mean().Times(Weight / 2);
    }
}
