using static TorchSharp.torch;

namespace ZslAttnGan.Losses;

/// <summary>
/// The image–text matching objective (DAMSM in AttnGAN): word-level and sentence-level matching losses between image
/// regions/codes and word/sentence features, in both directions. Built in: <see cref="DamsmLoss"/>; set
/// <see cref="Training.TrainingObjectives.Matching"/> to use your own.
/// </summary>
public interface IDamsmObjective
{
    /// <summary>Both terms at once (the encoder phase).</summary>
    DamsmLossResult Compute(Tensor regions, Tensor words, Tensor lengths, Tensor imageCodes, Tensor sentenceCodes, Tensor? classIds = null);

    /// <summary>The word-level losses (image → text, text → image) and the attention maps.</summary>
    (Tensor Loss0, Tensor Loss1, Tensor AttentionMaps) WordsLoss(Tensor regions, Tensor words, Tensor lengths, Tensor? classIds = null);

    /// <summary>The sentence-level losses (image → text, text → image).</summary>
    (Tensor Loss0, Tensor Loss1) SentenceLoss(Tensor imageCodes, Tensor sentenceCodes, Tensor? classIds = null);
}
