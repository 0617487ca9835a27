namespace ZslAttnGan.Gazsl.Training;

/// <summary>
/// The original code's training settings per benchmark (EthanZhu90/ZSL_GAN: <c>train_CUB.py</c> for both CUB
/// splits, <c>train_NAB.py</c>, <c>train_GBU.py</c>), with this library's defaults where the original has a bug or
/// tunes on the test set: validation-split model selection, proper epoch sampling and the fixed singleton centroid
/// (use <c>with { ModelSelection = TestSetLikeReference, ReferenceSampler = true, LossWeights = ... Singletons =
/// Reference }</c> to reproduce the original). The splits differ in data only; the loader decides easy or hard.
/// </summary>
public static class GazslPresets
{
    /// <summary>CUB, SCS ("easy") split: 3001 iterations, batch 1000, Adam 1e-4 (0.5, 0.9), 5 critic steps, CUB loss
    /// weights, text generator, evaluation every 40 iterations from 100 with 60 samples per class and 20-NN, per-sample
    /// accuracy.</summary>
    public static GazslTrainingOptions CubEasy { get; } = new();

    /// <summary>CUB, SCE ("hard") split: the same settings as <see cref="CubEasy"/>.</summary>
    public static GazslTrainingOptions CubHard { get; } = new();

    /// <summary>NABirds (both splits): the same settings as <see cref="CubEasy"/> (<c>train_NAB.py</c> differs from
    /// <c>train_CUB.py</c> only in its data set class).</summary>
    public static GazslTrainingOptions Nab { get; } = new();

    /// <summary>GBU (Xian et al.'s proposed splits, attributes): batch 1024, GBU loss weights (centroid 5, no L2,1),
    /// attribute generator, mean per-class accuracy; otherwise as <see cref="CubEasy"/>.</summary>
    public static GazslTrainingOptions Gbu { get; } = new()
    {
        BatchSize = 1024,
        LossWeights = GazslLossWeights.Gbu,
        Generator = GazslGeneratorKind.Attribute,
        MeanPerClassAccuracy = true,
    };

    /// <summary>The preset of a name (case-insensitive): <c>cub-easy</c>, <c>cub-hard</c>, <c>nab</c>, <c>gbu</c>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static GazslTrainingOptions Named(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "cub-easy" or "cubeasy" => CubEasy,
        "cub-hard" or "cubhard" => CubHard,
        "nab" => Nab,
        "gbu" => Gbu,
        _ => throw new ArgumentException($"Unknown GAZSL preset '{name}'; known: cub-easy, cub-hard, nab, gbu.", nameof(name)),
    };
}
