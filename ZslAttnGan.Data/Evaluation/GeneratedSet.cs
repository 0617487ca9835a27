using ZslAttnGan.Data;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// Images generated for one split, shared by the metrics of an evaluation: for each sampled real image one of its
/// captions, the image generated from it, the generated image's code and the caption's sentence code. Owned by the
/// <see cref="EvaluationContext"/>, which disposes the tensors. On a rank of a sharded evaluation it holds only that
/// rank's rows: <see cref="Rows"/> says which rows of the whole set they are.
/// </summary>
/// <param name="Items">The real images whose captions were used.</param>
/// <param name="Captions">The caption used for each (word ids).</param>
/// <param name="Images">Generated images [N, 3, S, S] in [−1, 1] (float32, CPU).</param>
/// <param name="ImageCodes">Image-encoder codes of the generated images [N, D].</param>
/// <param name="TextCodes">Sentence codes of the captions [N, D].</param>
public sealed record GeneratedSet(IReadOnlyList<DatasetItem> Items, IReadOnlyList<long[]> Captions, Tensor Images, Tensor ImageCodes, Tensor TextCodes)
{
    /// <summary>Class index of each row (within its split's dataset).</summary>
    public IReadOnlyList<int> Classes => Items.Select(ClassLabels.Of).ToList();

    /// <summary>The index of each row in the whole set (ascending): 0 … N − 1 unless the set is a rank's shard.</summary>
    public IReadOnlyList<int> Rows { get; init; } = Enumerable.Range(0, Items.Count).ToArray();

    /// <summary>The real images of every row of the whole set, this rank's or not (<see cref="Items"/> are this rank's).</summary>
    public IReadOnlyList<DatasetItem> AllItems { get; init; } = Items;

    /// <summary>Rows of the whole set, over every rank (<see cref="EvaluationOptions.SamplesPerSplit"/>).</summary>
    public int Total { get; init; } = Items.Count;
}
