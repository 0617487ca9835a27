using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace ZslAttnGan.Inference;

/// <summary>Images generated for one caption.</summary>
/// <param name="Caption">The caption as given.</param>
/// <param name="UsedWords">The words the model read (in order).</param>
/// <param name="DroppedWords">Words not in the vocabulary, left out (the reference drops them silently).</param>
/// <param name="Images">The final-stage images, one per sample.</param>
/// <param name="StageImages">Every stage's images [count, 3, s, s] in [−1, 1] (CPU tensors), smallest first.</param>
/// <param name="AttentionMaps">Each refinement stage's word attention [count, words, s, s] (CPU tensors).</param>
public sealed record GenerationResult(
    string Caption, IReadOnlyList<string> UsedWords, IReadOnlyList<string> DroppedWords,
    IReadOnlyList<Image<Rgb24>> Images, IReadOnlyList<Tensor> StageImages, IReadOnlyList<Tensor> AttentionMaps) : IDisposable
{
    /// <summary>Disposes the images and tensors.</summary>
    public void Dispose()
    {
        foreach (var i in Images) i.Dispose();
        foreach (var t in StageImages) t.Dispose();
        foreach (var t in AttentionMaps) t.Dispose();
    }
}
