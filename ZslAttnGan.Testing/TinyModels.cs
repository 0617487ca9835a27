using ZslAttnGan.Generation;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Vision;
using ZslAttnGan.Zsl;
using ZslAttnGan.Models;

namespace ZslAttnGan.Testing;

/// <summary>
/// Model configurations small enough to build, run and train in milliseconds on a CPU: 16-channel embeddings, 32- and
/// 64-px images, a 12-word vocabulary and 3 classes. For tests only; they learn nothing useful.
/// </summary>
public static class TinyModels
{
    /// <summary>Words in <see cref="Vocabulary"/>, <c>&lt;end&gt;</c> included.</summary>
    public const int VocabularySize = 12;

    /// <summary>Classes of the ZSL critic.</summary>
    public const int ClassCount = 3;

    /// <summary>The shared embedding size (words, sentences, regions, codes).</summary>
    public const int EmbeddingSize = 16;

    /// <summary>The image sizes the tiny generator writes (and the tiny data delivers), smallest first.</summary>
    public static IReadOnlyList<int> ImageSizes { get; } = new[] { 32, 64 };

    /// <summary>A tiny ZSL-AttnGAN: ZSL sentence generator, small-CNN image encoder, two generator stages.</summary>
    public static ModelOptions ZslAttnGan() => new()
    {
        WordEmbeddingSize = 8, EmbeddingSize = EmbeddingSize, TextDropout = 0.2,
        SentenceGenerator = new ZslSentenceGeneratorOptions(EmbeddingSize, EmbeddingSize, 4, EmbeddingSize, EmbeddingSize),
        ImageBackbone = ImageBackboneKind.SmallCnn, SmallCnnWidth = 4,
        ImageEncoder = new ImageEncoderOptions { EmbeddingDim = EmbeddingSize },
        Generator = new GeneratorOptions(Ngf: 2, Branches: 2, ResidualBlocks: 1, WordSize: EmbeddingSize, ConditionSize: EmbeddingSize, NoiseSize: 4, BaseSize: 32),
        DiscriminatorWidth = 2, ZslDiscriminatorHidden = 16,
    };

    /// <summary>A tiny AttnGAN (conditioning augmentation, no ZSL critic).</summary>
    public static ModelOptions AttnGan() => new()
    {
        WordEmbeddingSize = 8, EmbeddingSize = EmbeddingSize, TextDropout = 0.2, SentenceGenerator = null,
        ImageBackbone = ImageBackboneKind.SmallCnn, SmallCnnWidth = 4,
        ImageEncoder = ImageEncoderOptions.AttnGan with { EmbeddingDim = EmbeddingSize },
        Generator = new GeneratorOptions(Ngf: 2, Branches: 2, ResidualBlocks: 1, WordSize: EmbeddingSize, ConditionSize: 6, NoiseSize: 4,
            Conditioning: ConditioningKind.Augmentation, SentenceSize: EmbeddingSize, BaseSize: 32),
        DiscriminatorWidth = 2,
    };

    /// <summary><c>&lt;end&gt;</c> and the words <c>w1</c> … <c>w11</c>.</summary>
    public static Vocabulary Vocabulary() =>
        Text.Vocabulary.FromWords(new[] { "<end>" }.Concat(Enumerable.Range(1, VocabularySize - 1).Select(i => $"w{i}")));

    /// <summary>Training options for tests: a fixed seed, no periodic logging.</summary>
    public static TrainingOptions Training() => new() { Seed = 5, LogInterval = 0 };

    /// <summary>A fresh tiny model (all parts) from <paramref name="options"/> (default <see cref="ZslAttnGan"/>).</summary>
    public static ZslAttnGanModel Model(ModelOptions? options = null, long seed = 1, ModelParts parts = ModelParts.All) =>
        new(options ?? ZslAttnGan(), VocabularySize, ClassCount, seed, parts);

    /// <summary>A directory under the system temp folder, created empty.</summary>
    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "zslattngan-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
