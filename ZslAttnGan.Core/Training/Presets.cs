using ZslAttnGan.Discrimination;
using ZslAttnGan.Generation;
using ZslAttnGan.Losses;
using ZslAttnGan.Vision;
using ZslAttnGan.Zsl;
using ZslAttnGan.Models;

namespace ZslAttnGan.Training;

/// <summary>A named, complete configuration: model, losses, optimisation and the data settings it was tuned with.</summary>
/// <param name="Name">Preset name.</param>
/// <param name="Model">Model shapes.</param>
/// <param name="Loss">Loss options.</param>
/// <param name="Training">Optimisation options.</param>
/// <param name="EncoderBatchSize">Batch size of the encoder phase.</param>
/// <param name="GanBatchSize">Batch size of the GAN (and joint) phase.</param>
/// <param name="WordsPerCaption">WORDS_NUM: longer captions get a random ordered subset of this many words.</param>
/// <param name="CaptionsPerImage">Captions per image in the dataset (10 CUB, 5 COCO).</param>
/// <param name="RandomFlip">Mirror training images at random (AttnGAN does). Off where every bird in the data faces the
/// same way: a flip would double the poses the generator has to learn.</param>
public sealed record TrainingPreset(string Name, ModelOptions Model, LossOptions Loss, TrainingOptions Training,
    int EncoderBatchSize, int GanBatchSize, int WordsPerCaption, int CaptionsPerImage, bool RandomFlip = true);

/// <summary>Named presets. Reference values come from the seed's bird.yml and AttnGAN's YAML files.</summary>
public static class Presets
{
    /// <summary>The seed's ZSL-AttnGAN bird config (bird.yml): Inception encoder, 3 stages, GF 32, DF 64, batch 8, lr 0.001, λ 1, λ_zsl 0.1.</summary>
    public static TrainingPreset ZslAttnGanCub => new(nameof(ZslAttnGanCub), new ModelOptions(), new LossOptions(), new TrainingOptions(),
        EncoderBatchSize: 8, GanBatchSize: 8, WordsPerCaption: 18, CaptionsPerImage: 10);

    /// <summary>Original AttnGAN on CUB: DAMSM/bird.yml for the encoders (batch 48, lr 0.002) and bird_attn2.yml for the GAN
    /// (batch 20, lr 2e-4, λ 5, CA to 100 + z 100). The attention-mask bug is fixed; set
    /// <see cref="GeneratorOptions.ReplicateMaskBug"/> to reproduce released generators.</summary>
    public static TrainingPreset AttnGanCub => new(nameof(AttnGanCub),
        new ModelOptions { SentenceGenerator = null, Generator = GeneratorOptions.AttnGan, ImageEncoder = ImageEncoderOptions.AttnGan },
        new LossOptions { DamsmWeight = 5.0, ZslWeight = 0 },
        new TrainingOptions { EncoderLearningRate = 0.002, GeneratorLearningRate = 2e-4, DiscriminatorLearningRate = 2e-4 },
        EncoderBatchSize: 48, GanBatchSize: 20, WordsPerCaption: 18, CaptionsPerImage: 10);

    /// <summary>Original AttnGAN on COCO (DAMSM/coco.yml, coco_attn2.yml): GF 48, DF 96, R 3, λ 50, batch 14, 12 words, 5 captions.</summary>
    public static TrainingPreset AttnGanCoco => new(nameof(AttnGanCoco),
        new ModelOptions
        {
            SentenceGenerator = null,
            Generator = GeneratorOptions.AttnGan with { Ngf = 48, ResidualBlocks = 3 },
            ImageEncoder = ImageEncoderOptions.AttnGan,
            DiscriminatorWidth = 96,
        },
        new LossOptions { DamsmWeight = 50.0, ZslWeight = 0 },
        new TrainingOptions { EncoderLearningRate = 0.002, GeneratorLearningRate = 2e-4, DiscriminatorLearningRate = 2e-4 },
        EncoderBatchSize: 48, GanBatchSize: 14, WordsPerCaption: 12, CaptionsPerImage: 5);

    /// <summary>
    /// A small ZSL-AttnGAN for the synthetic birds on a CPU, tuned for runs of minutes: 128-d text and image codes, a
    /// small trainable CNN image encoder, two generator stages (32 → 64 px, GF 16, one residual block), image noise
    /// joined to the ZSL code (so one caption gives varied images), DF 16; encoders at batch 32 (lr 0.002), GAN at
    /// batch 16 and a warmed-up EMA (the averaged generator is what previews and checkpoints show). Levers measured at the
    /// quick start's fixed step budget (docs/quality.md): DiffAugment translation + cutout before the image
    /// discriminators (with 800 training images D otherwise memorises them; unseen R-precision 0.46 → 0.69), and
    /// DF-GAN's Adam settings — generator 2e-4, discriminators 4e-4, β = (0, 0.9) — on top of it (0.69 → 0.81); mode
    /// seeking on half of each batch, because without it every seed of a caption gives the same picture, and half the
    /// batch because the full second generator pass pushed the quick start past 10 minutes; with it, λ_damsm 5
    /// (AttnGAN's bird value) instead of 1 and mode-seeking weight 2 instead of 1, the two pulling against each other:
    /// over two seeds pixel diversity 0.18–0.22 of real birds' → 0.60–0.70, unseen R-precision 0.81–0.82, unseen
    /// attribute accuracy 0.42–0.44 against 0.33–0.41 before (docs/quality.md). The sentence is the mean of the word
    /// features (<see cref="Text.SentencePooling.MeanOfWords"/>) and the ZSL generator has no activation after its
    /// hidden layer (<see cref="ZslSentenceGeneratorOptions.LinearHidden"/>): the code c is then close to a sum of what
    /// the caption's words say, so an unseen combination of seen colours gets its own code instead of the nearest seen
    /// species' (over two seeds at the quick start's budget: unseen attribute accuracy 0.52–0.54 against 0.40–0.49,
    /// ZSL top-1 0.98–1.00 against 0.92–1.00, GZSL H 0.91–0.92 within the earlier 0.86–0.97).
    /// </summary>
    public static TrainingPreset Synthetic => new(nameof(Synthetic),
        new ModelOptions
        {
            WordEmbeddingSize = 64,
            EmbeddingSize = 128,
            TextDropout = 0.1,
            SentenceGenerator = new ZslSentenceGeneratorOptions(InputSize: 128, ReducedSize: 128, NoiseSize: 16, HiddenSize: 256, OutputSize: 128, LinearHidden: true),
            SentencePooling = Text.SentencePooling.MeanOfWords,
            ImageBackbone = ImageBackboneKind.SmallCnn,
            SmallCnnWidth = 32,
            ImageEncoder = new ImageEncoderOptions { EmbeddingDim = 128 },
            Generator = new GeneratorOptions(Ngf: 16, Branches: 2, ResidualBlocks: 1, WordSize: 128, ConditionSize: 128, NoiseSize: 32, BaseSize: 32),
            DiscriminatorWidth = 16,
            ZslDiscriminatorHidden = 256,
        },
        new LossOptions
        {
            DamsmWeight = 5.0, ZslWeight = 0.1, DiscriminatorAugmentation = new DifferentiableAugmentation(Translation: 0.125, Cutout: 0.5),
            ModeSeekingWeight = 2.0, ModeSeekingBatchShare = 0.5,
        },
        new TrainingOptions
        {
            EncoderLearningRate = 0.002, GeneratorLearningRate = 2e-4, DiscriminatorLearningRate = 4e-4, GanBeta1 = 0.0, GanBeta2 = 0.9,
            ZslDiscriminatorLearningRate = 0.001, EmaWarmup = true, LogInterval = 25,
            // Keeps the resident size flat under the retained heap the CLI uses for this small model (docs/performance.md).
            HeapReleaseInterval = 50,
        },
        EncoderBatchSize: 32, GanBatchSize: 16, WordsPerCaption: 18, CaptionsPerImage: 10);

    /// <summary>Every preset by name.</summary>
    public static IReadOnlyDictionary<string, TrainingPreset> All => new[] { ZslAttnGanCub, AttnGanCub, AttnGanCoco, Synthetic }
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The preset called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such preset; the message lists the names.</exception>
    public static TrainingPreset Get(string name) => All.TryGetValue(name, out var p)
        ? p : throw new ArgumentException($"Unknown preset '{name}'. Known presets: {string.Join(", ", All.Keys)}.", nameof(name));
}
