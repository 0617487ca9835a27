using ZslAttnGan.Data;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// Images generated from a few captions with several seeds each (see <see cref="EvaluationContext.Variations"/>): one
/// caption per species, taken from a held-out (seen split) or unseen image of that species. Owned by the
/// <see cref="EvaluationContext"/>, which disposes the tensor.
/// </summary>
/// <param name="Items">For each caption, the image it was taken from (never a training image).</param>
/// <param name="Captions">The captions (word ids), one per species.</param>
/// <param name="Seeds">Images generated per caption.</param>
/// <param name="Images">Generated images [Captions.Count · Seeds, 3, S, S] in [−1, 1] (float32, CPU), caption by caption:
/// rows c·Seeds … c·Seeds + Seeds − 1 belong to caption c.</param>
public sealed record CaptionVariations(IReadOnlyList<DatasetItem> Items, IReadOnlyList<long[]> Captions, int Seeds, Tensor Images)
{
    /// <summary>The <see cref="Seeds"/> images of caption <paramref name="caption"/> [Seeds, 3, S, S] (a view of <see cref="Images"/>).</summary>
    public Tensor ImagesOf(int caption)
    {
        if (caption < 0 || caption >= Captions.Count)
            throw new ArgumentOutOfRangeException(nameof(caption), caption, $"There are {Captions.Count} captions.");
        return Images.narrow(0, (long)caption * Seeds, Seeds);
    }
}
