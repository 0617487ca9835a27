using System.Text.Json.Serialization;

namespace ZslAttnGan.Generation;

/// <summary>How the generator's sentence condition is produced.</summary>
public enum ConditioningKind
{
    /// <summary>ZSL-AttnGAN: the condition is the ZSL sentence generator's code, passed in as is (no KL term).</summary>
    ZslSentence,

    /// <summary>Plain AttnGAN: conditioning augmentation of the LSTM sentence (with its KL term).</summary>
    Augmentation,
}

/// <summary>Shape of <see cref="AttnGenerator"/>. Defaults are the seed's ZSL-AttnGAN bird generator.</summary>
/// <param name="Ngf">GF_DIM: base width (32 bird, 48 COCO). The first stage starts at Ngf·BaseSize/4 channels (16·Ngf for 64 px).</param>
/// <param name="Branches">Number of stages/outputs, 1–3 (64, 128, 256 px with the default base size).</param>
/// <param name="ResidualBlocks">R_NUM: residual blocks per refinement stage.</param>
/// <param name="WordSize">Word feature size (TEXT.EMBEDDING_DIM, 256).</param>
/// <param name="ConditionSize">Size of the code c the first stage reads (GAN.CONDITION_DIM: 256 ZSL, 100 AttnGAN).</param>
/// <param name="NoiseSize">Image noise z joined after c at the first stage (AttnGAN: 100). 0 = none, as in the seed,
/// where the ZSL generator's own noise is the only source of variety.</param>
/// <param name="Conditioning">ZSL sentence code or conditioning augmentation.</param>
/// <param name="SentenceSize">Input size of conditioning augmentation (the LSTM sentence, 256); unused in ZSL mode.</param>
/// <param name="SingleOutput">The G_DCGAN variant: one image head on the last stage only.</param>
/// <param name="ReplicateMaskBug">Reproduce the reference attention-mask tiling bug (needed for released weights).</param>
/// <param name="BaseSize">First-stage image size: 64 (reference), or 32 or 16 (small CPU models); each later stage doubles it.</param>
/// <param name="AffineConditioning">Not in AttnGAN: every up block is followed by a <see cref="SentenceAffine"/> that
/// modulates its channels by the stage-one input (the code c, joined with z when NoiseSize &gt; 0), as DF-GAN's affine
/// blocks do. Off = the reference generator.</param>
public sealed record GeneratorOptions(
    int Ngf = 32,
    int Branches = 3,
    int ResidualBlocks = 2,
    int WordSize = 256,
    int ConditionSize = 256,
    int NoiseSize = 0,
    ConditioningKind Conditioning = ConditioningKind.ZslSentence,
    int SentenceSize = 256,
    bool SingleOutput = false,
    bool ReplicateMaskBug = false,
    int BaseSize = 64,
    bool AffineConditioning = false)
{
    /// <summary>The seed's generator (bird.yml): ZSL code, no image noise, 3 branches, GF_DIM 32, R_NUM 2.</summary>
    public static GeneratorOptions ZslAttnGan => new();

    /// <summary>The original AttnGAN bird generator (bird_attn2.yml): CA to 100, z 100.</summary>
    public static GeneratorOptions AttnGan => new(ConditionSize: 100, NoiseSize: 100, Conditioning: ConditioningKind.Augmentation);

    /// <summary>Number of ×2 up blocks of the first stage.</summary>
    [JsonIgnore]
    public int InitialUpBlocks => BaseSize switch { 16 => 2, 32 => 3, 64 => 4, 128 => 5, _ => -1 };

    /// <summary>Size of the code the first stage (and every <see cref="SentenceAffine"/>) reads: c joined with z.</summary>
    [JsonIgnore]
    public int StageInputSize => ConditionSize + NoiseSize;

    /// <summary>Image sizes of the outputs, smallest first.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> ImageSizes => Enumerable.Range(0, Branches).Select(i => BaseSize << i).ToArray();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent option.</summary>
    public void Validate()
    {
        if (Ngf <= 0) throw new ArgumentException($"Ngf must be positive but is {Ngf}.", nameof(Ngf));
        if (Branches is < 1 or > 3) throw new ArgumentException($"Branches must be 1, 2 or 3 but is {Branches}.", nameof(Branches));
        if (ResidualBlocks < 0) throw new ArgumentException("ResidualBlocks must not be negative.", nameof(ResidualBlocks));
        if (WordSize <= 0 || ConditionSize <= 0 || SentenceSize <= 0 || NoiseSize < 0)
            throw new ArgumentException($"Sizes must be positive (NoiseSize may be 0): {this}.");
        if (InitialUpBlocks < 0) throw new ArgumentException($"BaseSize must be 16, 32, 64 or 128 but is {BaseSize}.", nameof(BaseSize));
        if (Conditioning == ConditioningKind.ZslSentence && ConditionSize != WordSize)
            throw new ArgumentException(
                $"In ZSL mode ConditionSize ({ConditionSize}) must equal WordSize ({WordSize}): DAMSM compares the image code " +
                "with the sentence code and the regions with the words in one embedding space.", nameof(ConditionSize));
    }
}
