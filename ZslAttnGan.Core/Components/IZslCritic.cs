using ZslAttnGan.Zsl;
using static TorchSharp.torch;

namespace ZslAttnGan.Components;

/// <summary>
/// The ZSL-critic role: a code (image or sentence) → a realness score and logits over the seen classes. The built-in
/// one is <see cref="ZslDiscriminator"/>; the ZSL objectives use only this interface.
/// </summary>
public interface IZslCritic : IModelComponent
{
    /// <summary>Classes of the class head (the seen classes).</summary>
    int Classes { get; }

    /// <summary>Width of the codes it reads.</summary>
    int InFeatures { get; }

    /// <summary>Realness [B, 1] (logit or critic score) and class logits [B, <see cref="Classes"/>] of codes [B, InFeatures].</summary>
    /// <exception cref="ArgumentException">The codes are not [B, InFeatures].</exception>
    ZslDiscriminatorOutput Critique(Tensor codes);

    /// <summary>Only the realness [B, 1] of codes [B, InFeatures] (for gradient penalties).</summary>
    Tensor Realness(Tensor codes);
}
