using static TorchSharp.torch;

namespace ZslAttnGan.Components;

/// <summary>A conditioned sentence code and, for a variational conditioner, the distribution it was drawn from.</summary>
/// <param name="Code">The code [B, OutputSize].</param>
/// <param name="Mu">Mean [B, OutputSize] of a variational conditioner (conditioning augmentation), else null.</param>
/// <param name="LogVar">Log-variance [B, OutputSize] of a variational conditioner, else null.</param>
public readonly record struct ConditionedSentence(Tensor Code, Tensor? Mu, Tensor? LogVar);

/// <summary>
/// The sentence-conditioner role: a sentence feature and fresh noise → the code the generator starts from. Built in:
/// <see cref="Zsl.ZslSentenceGenerator"/> (ZSL-AttnGAN, inside the text encoder) and
/// <see cref="Generation.ConditioningAugmentation"/> (AttnGAN, inside the generator).
/// </summary>
public interface ISentenceConditioner
{
    /// <summary>Width of the sentence feature it reads.</summary>
    int InputSize { get; }

    /// <summary>Width of the code it writes.</summary>
    int OutputSize { get; }

    /// <summary>Conditions sentences [B, <see cref="InputSize"/>], drawing its noise from <paramref name="generator"/>
    /// (the global generator when null).</summary>
    /// <exception cref="ArgumentException">The sentence is not [B, InputSize].</exception>
    ConditionedSentence Condition(Tensor sentence, Generator? generator = null);
}
