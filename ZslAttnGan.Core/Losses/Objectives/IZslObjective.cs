using ZslAttnGan.Components;
using static TorchSharp.torch;

namespace ZslAttnGan.Losses;

/// <summary>
/// The ZSL game between image codes ("real") and sentence codes ("generated") judged by the ZSL critic. Built in:
/// <see cref="ZslBceObjective"/> (the seed) and <see cref="ZslWganGpObjective"/> (ZSL-GAN), chosen by
/// <see cref="Training.LossOptions.ZslLoss"/>; set <see cref="Training.TrainingObjectives.Zsl"/> to use your own.
/// </summary>
public interface IZslObjective
{
    /// <summary>Name for logs and reports.</summary>
    string Name { get; }

    /// <summary>Critic updates per encoder update.</summary>
    int CriticIterations { get; }

    /// <summary>The encoders' term (before λ_zsl): the gradient trains the text encoder's sentence codes and the image
    /// encoder's codes; the critic is frozen by the trainer.</summary>
    Tensor EncoderLoss(IZslCritic critic, Tensor imageCodes, Tensor sentenceCodes, Tensor classIds);

    /// <summary>The critic's own loss on detached codes.</summary>
    /// <param name="critic">The critic.</param>
    /// <param name="imageCodes">Image codes [B, C] (real), detached.</param>
    /// <param name="sentenceCodes">Sentence codes [B, C] (generated), detached.</param>
    /// <param name="classIds">Class of each row [B].</param>
    /// <param name="generator">Random source (e.g. for a gradient penalty's interpolation).</param>
    Tensor CriticLoss(IZslCritic critic, Tensor imageCodes, Tensor sentenceCodes, Tensor classIds, Generator? generator);

    /// <summary>The GAN phase's term (before λ_zsl) on the code of the generated image: the generator is trained so
    /// that its images encode to codes the critic takes for real images of the caption's class.</summary>
    Tensor GeneratedImageLoss(IZslCritic critic, Tensor imageCodes, Tensor classIds);
}
