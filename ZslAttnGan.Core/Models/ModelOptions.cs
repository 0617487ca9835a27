using System.Text.Json.Serialization;
using ZslAttnGan.Generation;
using ZslAttnGan.Text;
using ZslAttnGan.Vision;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Models;

/// <summary>Which image-encoder backbone a model uses.</summary>
public enum ImageBackboneKind
{
    /// <summary>The reference's frozen Inception-v3 trunk (input resized to 299; load trunk weights from a checkpoint).</summary>
    InceptionV3,

    /// <summary>A small trainable CNN for small images and CPU work (no resize).</summary>
    SmallCnn,
}

/// <summary>
/// The shape of every component of a ZSL-AttnGAN (or AttnGAN) model. Immutable; serialised into checkpoints.
/// Defaults are the seed's bird model.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>Word embedding width of the text encoder (300).</summary>
    public int WordEmbeddingSize { get; init; } = 300;

    /// <summary>D: the text encoder's feature size (both LSTM directions), the region and image-code size (256).</summary>
    public int EmbeddingSize { get; init; } = 256;

    /// <summary>Dropout on embedded words while the text encoder trains (0.5).</summary>
    public double TextDropout { get; init; } = 0.5;

    /// <summary>How the text encoder reads its sentence feature off the BiLSTM: the final hidden state (the reference's)
    /// or the mean of the word features (<see cref="Text.SentencePooling"/>).</summary>
    public SentencePooling SentencePooling { get; init; } = SentencePooling.FinalHiddenState;

    /// <summary>The ZSL sentence generator; null gives plain AttnGAN (conditioning augmentation, see <see cref="Generator"/>).</summary>
    public ZslSentenceGeneratorOptions? SentenceGenerator { get; init; } = new();

    /// <summary>Image-encoder backbone.</summary>
    public ImageBackboneKind ImageBackbone { get; init; } = ImageBackboneKind.InceptionV3;

    /// <summary>Channels of the small CNN backbone's first layer (SmallCnn only).</summary>
    public int SmallCnnWidth { get; init; } = 32;

    /// <summary>Image-encoder heads and resize behaviour. Its EmbeddingDim must equal <see cref="EmbeddingSize"/>.</summary>
    public ImageEncoderOptions ImageEncoder { get; init; } = ImageEncoderOptions.ZslAttnGan;

    /// <summary>The generator.</summary>
    public GeneratorOptions Generator { get; init; } = GeneratorOptions.ZslAttnGan;

    /// <summary>DF_DIM: the image discriminators' base width (64 bird, 96 COCO).</summary>
    public int DiscriminatorWidth { get; init; } = 64;

    /// <summary>Spectral normalisation on the image discriminators' convolutions (off, as in AttnGAN).</summary>
    public bool DiscriminatorSpectralNorm { get; init; }

    /// <summary>BatchNorm in the image discriminators (on, as in AttnGAN). Off: no normalisation, as in DF-GAN and
    /// StyleGAN's discriminators, so that the separate real, generated and mismatched batches cannot be told apart by
    /// their batch statistics. The other state-dict keys stay the reference's.</summary>
    public bool DiscriminatorBatchNorm { get; init; } = true;

    /// <summary>Hidden width of the ZSL discriminator (4096).</summary>
    public int ZslDiscriminatorHidden { get; init; } = 4096;

    /// <summary>Components other than the built-in ones, by registered type name (null: all built in). The built-in
    /// options above still shape the components that are not replaced.</summary>
    public Components.ComponentChoices? Components { get; init; }

    /// <summary>True when the model uses the ZSL sentence generator (ZSL-AttnGAN), false for plain AttnGAN.</summary>
    [JsonIgnore]
    public bool IsZsl => SentenceGenerator is not null;

    /// <summary>Image sizes the generator produces and the data must deliver, smallest first.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> ImageSizes => Generator.ImageSizes;

    /// <summary>Text-encoder options for a vocabulary of <paramref name="vocabularySize"/> words.</summary>
    public TextEncoderOptions TextEncoderFor(int vocabularySize) =>
        new(vocabularySize, WordEmbeddingSize, EmbeddingSize, TextDropout, SentenceGenerator, SentencePooling);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistency between components.</summary>
    public void Validate()
    {
        Generator.Validate();
        if (!Enum.IsDefined(SentencePooling))
            throw new ArgumentException($"SentencePooling {(int)SentencePooling} is not a SentencePooling value.", nameof(SentencePooling));
        if (Generator.WordSize != EmbeddingSize)
            throw new ArgumentException($"Generator.WordSize ({Generator.WordSize}) must equal EmbeddingSize ({EmbeddingSize}).", nameof(Generator));
        if (ImageEncoder.EmbeddingDim != EmbeddingSize)
            throw new ArgumentException($"ImageEncoder.EmbeddingDim ({ImageEncoder.EmbeddingDim}) must equal EmbeddingSize ({EmbeddingSize}).", nameof(ImageEncoder));
        if (SentenceGenerator is { } zsl)
        {
            if (Generator.Conditioning != ConditioningKind.ZslSentence)
                throw new ArgumentException("A model with a SentenceGenerator must use ConditioningKind.ZslSentence.", nameof(Generator));
            if (zsl.InputSize != EmbeddingSize || zsl.OutputSize != EmbeddingSize)
                throw new ArgumentException($"SentenceGenerator input and output sizes ({zsl.InputSize}, {zsl.OutputSize}) must equal EmbeddingSize ({EmbeddingSize}).", nameof(SentenceGenerator));
            if (ImageEncoder.GlobalCodeHead != GlobalCodeHead.ZslTanh)
                throw new ArgumentException("ZSL-AttnGAN needs the Tanh global code head (image codes must live in the sentence codes' range).", nameof(ImageEncoder));
        }
        else
        {
            if (Generator.Conditioning != ConditioningKind.Augmentation)
                throw new ArgumentException("A model without a SentenceGenerator must use ConditioningKind.Augmentation.", nameof(Generator));
            if (Generator.SentenceSize != EmbeddingSize)
                throw new ArgumentException($"Generator.SentenceSize ({Generator.SentenceSize}) must equal EmbeddingSize ({EmbeddingSize}).", nameof(Generator));
        }
        if (ImageBackbone == ImageBackboneKind.SmallCnn && ImageSizes[^1] % 8 != 0)
            throw new ArgumentException($"The small CNN backbone needs an image size divisible by 8 but the last stage is {ImageSizes[^1]}.", nameof(ImageBackbone));
        if (DiscriminatorWidth <= 0 || ZslDiscriminatorHidden <= 0 || WordEmbeddingSize <= 0 || SmallCnnWidth <= 0)
            throw new ArgumentException($"Widths must be positive: {this}.");
    }
}
