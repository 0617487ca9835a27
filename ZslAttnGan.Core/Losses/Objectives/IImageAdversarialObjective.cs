using ZslAttnGan.Components;
using static TorchSharp.torch;

namespace ZslAttnGan.Losses;

/// <summary>
/// How the image discriminators and the generator play against each other, per discriminator: the discriminator's loss
/// on real, generated and mismatched pairs, and the generator's adversarial loss. Built in: <see cref="BceObjective"/>
/// (AttnGAN) and <see cref="HingeObjective"/> (DF-GAN, SAGAN), chosen by <see cref="AdversarialObjective.Kind"/>; set
/// <see cref="Training.TrainingObjectives.ImageAdversarial"/> to use your own.
/// </summary>
public interface IImageAdversarialObjective
{
    /// <summary>Name for logs and reports.</summary>
    string Name { get; }

    /// <summary>The discriminator's loss (the fake is detached inside). Modules must be called in a fixed order so that
    /// BatchNorm statistics evolve reproducibly.</summary>
    /// <param name="discriminator">The discriminator of this scale.</param>
    /// <param name="real">Real images [B, 3, S, S].</param>
    /// <param name="fake">Generated images [B, 3, S, S].</param>
    /// <param name="conditions">Sentence codes [B, C] of the captions the images belong to.</param>
    DiscriminatorLossResult Discriminator(IImageDiscriminator discriminator, Tensor real, Tensor fake, Tensor conditions);

    /// <summary>The generator's adversarial loss against one discriminator (the fake is not detached).</summary>
    GeneratorAdversarialResult Generator(IImageDiscriminator discriminator, Tensor fake, Tensor conditions);
}
