using ZslAttnGan.Training;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace CustomLossExample;

/// <summary>
/// A generator-side loss that discourages grey images: it measures colourfulness as the spread of the three colour
/// channels at each pixel (0 for grey, larger for saturated colours) and penalises images whose mean spread stays
/// below a target. Early in training a generator tends to produce flat grey images; this pushes it towards colour
/// without saying which colour (that is the caption's job, through DAMSM and the discriminators).
/// </summary>
/// <param name="weight">Multiplies the term; the trainer adds the value as it is.</param>
/// <param name="target">Mean per-pixel channel spread, in the generator's [−1, 1] units, above which there is no penalty.</param>
public sealed class ColourfulnessTerm(double weight = 1.0, double target = 0.6) : ILossTerm
{
    /// <summary>Shown in logs and progress next to the built-in losses.</summary>
    public string Name => "colourfulness";

    /// <summary>Added to the generator loss, so its gradient trains the generator only.</summary>
    public LossPhase Phase => LossPhase.Generator;

    /// <summary>Called once per GAN step, inside the step's dispose scope: temporaries are freed with the step.</summary>
    public Tensor Compute(LossTermContext context)
    {
        // The generator phase always provides the fake images; the last one is the largest.
        var images = context.Fake!.Images[^1];                 // [B, 3, H, W] in [−1, 1]
        var spread = images.std(dimensions: new long[] { 1 }); // [B, H, W]: colour spread per pixel
        // Constants as cached Scalars (ZslAttnGan.TorchSharpWorkarounds.Scalars): TorchSharp's temporary scalars from plain doubles
        // can be freed by the garbage collector while libtorch still reads them.
        return (spread.mean() - S(target)).neg().clamp_min(S(0)) * S(weight);
    }
}
