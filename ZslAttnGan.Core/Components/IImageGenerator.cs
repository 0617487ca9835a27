using ZslAttnGan.Generation;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Components;

/// <summary>
/// The image-generator role: sentence code + word features → images at one or more sizes. The built-in one is
/// <see cref="AttnGenerator"/>. One image discriminator is built for each of <see cref="OutputSizes"/>.
/// </summary>
public interface IImageGenerator : IModelComponent
{
    /// <summary>Sizes of <see cref="GeneratorOutput.Images"/>, smallest first; the training data must deliver real
    /// images of each of them (<see cref="Models.ModelOptions.ImageSizes"/>).</summary>
    IReadOnlyList<int> OutputSizes { get; }

    /// <summary>Generates images in [−1, 1].</summary>
    /// <param name="condition">Sentence codes [B, SentenceSize] (the text encoder's <c>Sentence</c>).</param>
    /// <param name="words">Word features [B, WordSize, T].</param>
    /// <param name="mask">Padding mask [B, T] (true at padding), or null when no caption is padded.</param>
    /// <param name="generator">Random source for any noise; null = the global generator.</param>
    /// <returns>Images [B, 3, S, S] for each of <see cref="OutputSizes"/>, attention maps (possibly none), the condition
    /// used, and μ / log σ² when the generator conditions variationally (then the KL term trains them).</returns>
    /// <exception cref="ArgumentException">A shape is invalid (before any native call).</exception>
    GeneratorOutput Generate(Tensor condition, Tensor words, Tensor? mask, Generator? generator);
}
