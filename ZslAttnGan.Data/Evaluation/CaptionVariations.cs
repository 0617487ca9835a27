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
/// <param name="Images">Generated images [Local.Count · Seeds, 3, S, S] in [−1, 1] (float32, CPU), caption by caption:
/// rows k·Seeds … k·Seeds + Seeds − 1 belong to caption Local[k] (caption k in a single process).</param>
/// <remarks>On a rank of a sharded evaluation, <see cref="Items"/> and <see cref="Captions"/> list every caption but
/// only the captions in <see cref="Local"/> were generated here.</remarks>
public sealed record CaptionVariations(IReadOnlyList<DatasetItem> Items, IReadOnlyList<long[]> Captions, int Seeds, Tensor Images)
{
    /// <summary>The captions whose images this instance holds, ascending (every caption unless it is a rank's shard).</summary>
    public IReadOnlyList<int> Local { get; init; } = Enumerable.Range(0, Captions.Count).ToArray();

    /// <summary>The <see cref="Seeds"/> images of caption <paramref name="caption"/> [Seeds, 3, S, S] (a view of <see cref="Images"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such caption, or another rank holds its images.</exception>
    public Tensor ImagesOf(int caption)
    {
        if (caption < 0 || caption >= Captions.Count)
            throw new ArgumentOutOfRangeException(nameof(caption), caption, $"There are {Captions.Count} captions.");
        int k = Local is int[] array ? Array.BinarySearch(array, caption) : Local.ToList().BinarySearch(caption);
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(caption), caption, "Another rank holds this caption's images.");
        return Images.narrow(0, (long)k * Seeds, Seeds);
    }
}
