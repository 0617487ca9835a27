using static TorchSharp.torch;

namespace ZslAttnGan.Components;

/// <summary>
/// The image-discriminator role, one per generator output size: images → features, and logits from the features alone
/// (unconditional head, optional) or together with the sentence code (conditional head). The built-in one is
/// <see cref="Discrimination.ImageDiscriminator"/>. The adversarial objectives call <see cref="Features"/> once per
/// batch of images and the heads on the result.
/// </summary>
public interface IImageDiscriminator : IModelComponent
{
    /// <summary>Size of the images it reads.</summary>
    int ImageSize { get; }

    /// <summary>Width of the sentence codes of the conditional head.</summary>
    int ConditionSize { get; }

    /// <summary>True when <see cref="UnconditionalLogits"/> exists.</summary>
    bool HasUnconditionalHead { get; }

    /// <summary>Features of images [B, 3, <see cref="ImageSize"/>, <see cref="ImageSize"/>].</summary>
    /// <exception cref="ArgumentException">The images have another shape.</exception>
    Tensor Features(Tensor images);

    /// <summary>Logits [B] of "real and matching this sentence".</summary>
    /// <param name="features">Output of <see cref="Features"/>.</param>
    /// <param name="conditions">Sentence codes [B, <see cref="ConditionSize"/>].</param>
    Tensor ConditionalLogits(Tensor features, Tensor conditions);

    /// <summary>Logits [B] of "real".</summary>
    /// <exception cref="InvalidOperationException">The discriminator has no unconditional head.</exception>
    Tensor UnconditionalLogits(Tensor features);
}
