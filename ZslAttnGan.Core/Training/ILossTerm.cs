using ZslAttnGan.Generation;
using ZslAttnGan.Text;
using ZslAttnGan.Vision;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Training;

/// <summary>Which loss an extra term is added to.</summary>
public enum LossPhase
{
    /// <summary>The encoder loss (DAMSM + ZSL), before the encoder optimiser's step.</summary>
    Encoder,

    /// <summary>The generator loss, before the generator optimiser's step.</summary>
    Generator,

    /// <summary>Each image discriminator's loss, before its optimiser's step (logged as the term's name followed by the
    /// discriminator's index). The context carries <see cref="LossTermContext.DiscriminatorIndex"/>, the real and
    /// (detached) generated images as the discriminator sees them, and the sentence codes.</summary>
    ImageDiscriminator,

    /// <summary>The ZSL critic's loss, before each critic step; the context's codes are detached.</summary>
    ZslCritic,
}

/// <summary>What an extra loss term can read. In the generator phase <see cref="Image"/> encodes the last fake image
/// and <see cref="Fake"/> holds the generator output; in the encoder and ZSL-critic phases <see cref="Image"/> encodes
/// the real images (detached for the critic) and <see cref="Fake"/> is null; in the image-discriminator phase
/// <see cref="Image"/> is null and the images are in <see cref="RealImages"/> and <see cref="GeneratedImages"/>.</summary>
/// <param name="Model">The model.</param>
/// <param name="Batch">The batch.</param>
/// <param name="Text">The text encoding used in this step (no gradient in the generator and discriminator phases).</param>
/// <param name="Image">The image encoding of this step, or null in the image-discriminator phase.</param>
/// <param name="Fake">The generator output (generator and image-discriminator phases).</param>
public sealed record LossTermContext(ZslAttnGanModel Model, ITrainingBatch Batch, TextEncoding Text, ImageEncoding? Image, GeneratorOutput? Fake)
{
    /// <summary>Image-discriminator phase: which discriminator (0 = the smallest size).</summary>
    public int? DiscriminatorIndex { get; init; }

    /// <summary>Image-discriminator phase: the real images it is trained on (after any augmentation).</summary>
    public Tensor? RealImages { get; init; }

    /// <summary>Image-discriminator phase: the generated images it is trained on, detached (after any augmentation).</summary>
    public Tensor? GeneratedImages { get; init; }

    /// <summary>Image-discriminator phase: the sentence codes of the captions.</summary>
    public Tensor? Conditions { get; init; }
}

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
