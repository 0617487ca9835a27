using ZslAttnGan.Generation;
using ZslAttnGan.Text;
using ZslAttnGan.Vision;
using static TorchSharp.torch;

namespace ZslAttnGan.Training;

/// <summary>Which loss an extra term is added to.</summary>
public enum LossPhase
{
    /// <summary>The encoder loss (DAMSM + ZSL), before the encoder optimiser's step.</summary>
    Encoder,

    /// <summary>The generator loss, before the generator optimiser's step.</summary>
    Generator,
}

/// <summary>What an extra loss term can read. In the generator phase <see cref="Image"/> encodes the last fake image
/// and <see cref="Fake"/> holds the generator output; in the encoder phase <see cref="Image"/> encodes the real images
/// and <see cref="Fake"/> is null.</summary>
/// <param name="Model">The model.</param>
/// <param name="Batch">The batch.</param>
/// <param name="Text">The text encoding used in this step (no gradient in the generator phase).</param>
/// <param name="Image">The image encoding of this step.</param>
/// <param name="Fake">The generator output (generator phase only).</param>
public sealed record LossTermContext(ZslAttnGanModel Model, ITrainingBatch Batch, TextEncoding Text, ImageEncoding Image, GeneratorOutput? Fake);

/// <summary>
/// A loss term added to a trainer without changing the library (e.g. a perceptual or diversity term). Its value is
/// added as is (include any weight in it), logged under <see cref="Name"/> and checked for non-finite values like the
/// built-in losses.
/// </summary>
public interface ILossTerm
{
    /// <summary>Name used in logs and progress reports.</summary>
    string Name { get; }

    /// <summary>The loss the term is added to.</summary>
    LossPhase Phase { get; }

    /// <summary>The term's value, a scalar tensor connected to the parameters it should train.</summary>
    Tensor Compute(LossTermContext context);
}
