using TorchSharp;
using ZslAttnGan.Discrimination;
using ZslAttnGan.Generation;
using ZslAttnGan.Initialization;
using ZslAttnGan.Text;
using ZslAttnGan.Vision;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;

namespace ZslAttnGan.Training;

/// <summary>
/// Every component of one ZSL-AttnGAN (or AttnGAN) model, built consistently from <see cref="ModelOptions"/>: text
/// encoder (with the ZSL sentence generator), image encoder, ZSL discriminator, generator and one image discriminator
/// per generator output. Owns and disposes them.
/// </summary>
public sealed class ZslAttnGanModel : IDisposable
{
    private readonly ImageEncoder? _imageEncoder;
    private readonly AttnGenerator? _generator;
    private bool _channelsLast;
    private int _channelsLastSizeLimit = int.MaxValue;

    /// <summary>Component names, which are also the checkpoint file names (<c>&lt;name&gt;.safetensors</c>).</summary>
    public const string TextEncoderName = "text_encoder", ImageEncoderName = "image_encoder",
        ZslDiscriminatorName = "zsl_discriminator", GeneratorName = "generator";

    /// <summary>Builds a freshly initialised model (reference init for generator and discriminators).</summary>
    /// <param name="options">Shapes of the components.</param>
    /// <param name="vocabularySize">Words in the vocabulary, <c>&lt;end&gt;</c> included.</param>
    /// <param name="classCount">Classes of the ZSL discriminator's class head (the seen classes).</param>
    /// <param name="seed">Seed of the initialisation.</param>
    /// <param name="parts">Build everything (default) or only the inference components.</param>
    public ZslAttnGanModel(ModelOptions options, int vocabularySize, int classCount, long seed = 0, ModelParts parts = ModelParts.All)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "classCount must be at least 1.");
        if (!Enum.IsDefined(parts)) throw new ArgumentOutOfRangeException(nameof(parts), parts, "Unknown ModelParts.");
        Options = options;
        Parts = parts;
        VocabularySize = vocabularySize;
        ClassCount = classCount;

        // Every component is re-initialised from this generator, so the model depends on the seed only (the layer
        // constructors draw from the process-wide generator, which other threads may be using).
        using var rng = new Generator(unchecked((ulong)seed));
        TextEncoder = new TextEncoder(options.TextEncoderFor(vocabularySize));
        TextEncoder.ResetParameters(rng);
        bool all = parts == ModelParts.All, encoders = all || parts == ModelParts.Encoders;
        if (encoders)
        {
            _imageEncoder = options.ImageBackbone == ImageBackboneKind.InceptionV3
                ? ImageEncoder.InceptionV3(options.ImageEncoder)
                : new ImageEncoder(options.ImageEncoder, new SmallCnnBackbone(options.ImageSizes[^1], options.SmallCnnWidth));
            _imageEncoder.ResetParameters(rng);
        }
        if (encoders && options.IsZsl)
        {
            ZslDiscriminator = new ZslDiscriminator(classCount, options.EmbeddingSize, options.ZslDiscriminatorHidden);
            DefaultInit.Reset(ZslDiscriminator, rng);
        }
        if (parts != ModelParts.Encoders)
        {
            _generator = new AttnGenerator(options.Generator);
            DefaultInit.Reset(_generator, rng);
            ReferenceInit.Apply(_generator, rng);
        }
        bool singleOutput = options.Generator.SingleOutput;
        var sizes = !all ? Array.Empty<int>() : singleOutput ? new[] { options.ImageSizes[^1] } : options.ImageSizes.ToArray();
        Discriminators = sizes.Select(s =>
        {
            var d = new ImageDiscriminator(s, options.DiscriminatorWidth, options.EmbeddingSize, unconditionalHead: !singleOutput, options.DiscriminatorSpectralNorm);
            DefaultInit.Reset(d, rng);
            ReferenceInit.Apply(d, rng);
            return d;
        }).ToArray();
    }

    /// <summary>The options the model was built with.</summary>
    public ModelOptions Options { get; }

    /// <summary>Vocabulary size the text encoder was built for.</summary>
    public int VocabularySize { get; }

    /// <summary>Classes of the ZSL discriminator.</summary>
    public int ClassCount { get; }

    /// <summary>The text encoder (BiLSTM + ZSL sentence generator).</summary>
    public TextEncoder TextEncoder { get; }

    /// <summary>Which components were built.</summary>
    public ModelParts Parts { get; }

    /// <summary>The image encoder.</summary>
    /// <exception cref="InvalidOperationException">The model was built with <see cref="ModelParts.Inference"/>.</exception>
    public ImageEncoder ImageEncoder => _imageEncoder
        ?? throw new InvalidOperationException("This model was built with ModelParts.Inference and has no image encoder; build it with ModelParts.All.");

    /// <summary>The ZSL discriminator, or null in AttnGAN mode (and in a <see cref="ModelParts.Inference"/> model).</summary>
    public ZslDiscriminator? ZslDiscriminator { get; }

    /// <summary>The generator.</summary>
    /// <exception cref="InvalidOperationException">The model was built with <see cref="ModelParts.Encoders"/>.</exception>
    public AttnGenerator Generator => _generator
        ?? throw new InvalidOperationException("This model was built with ModelParts.Encoders and has no generator; build it with ModelParts.All.");

    /// <summary>Image discriminators, one per generator output, smallest first (none in a <see cref="ModelParts.Inference"/> model).</summary>
    public IReadOnlyList<ImageDiscriminator> Discriminators { get; }

    /// <summary>
    /// Run the generator, the image discriminators and the image encoder on channels-last tensors
    /// (<see cref="Modules.MemoryFormats"/>): faster on CPU with oneDNN, equal to the default layout up to floating-point
    /// rounding (so training is no longer bit-identical to a default run). Off by default; not saved in checkpoints.
    /// </summary>
    public bool ChannelsLast
    {
        get => _channelsLast;
        set
        {
            _channelsLast = value;
            ApplyMemoryFormat();
        }
    }

    /// <summary>
    /// With <see cref="ChannelsLast"/> on, generator stages and discriminators working at this image size or larger keep
    /// the default layout (the image encoder follows <see cref="ChannelsLast"/> alone). Default: no limit. 256 is the
    /// fastest setting for training the bird config on oneDNN CPUs, where the 256-px backward passes prefer NCHW, while
    /// generation is fastest with no limit (docs/performance.md).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int ChannelsLastSizeLimit
    {
        get => _channelsLastSizeLimit;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _channelsLastSizeLimit = value;
            ApplyMemoryFormat();
        }
    }

    private void ApplyMemoryFormat()
    {
        _generator?.SetChannelsLast(_channelsLast, _channelsLastSizeLimit);
        foreach (var d in Discriminators) d.ChannelsLast = _channelsLast && d.ImageSize < _channelsLastSizeLimit;
        if (_imageEncoder is not null) _imageEncoder.ChannelsLast = _channelsLast;
    }

    /// <summary>Components by checkpoint name (discriminators as <c>discriminator_&lt;size&gt;</c>).</summary>
    public IEnumerable<(string Name, nn.Module Module)> Components()
    {
        yield return (TextEncoderName, TextEncoder);
        if (_imageEncoder is not null) yield return (ImageEncoderName, _imageEncoder);
        if (ZslDiscriminator is not null) yield return (ZslDiscriminatorName, ZslDiscriminator);
        if (_generator is not null) yield return (GeneratorName, _generator);
        foreach (var d in Discriminators) yield return ($"discriminator_{d.ImageSize}", d);
    }

    /// <summary>Moves every component to <paramref name="device"/>.</summary>
    public ZslAttnGanModel To(Device device)
    {
        foreach (var (_, m) in Components()) m.to(device);
        return this;
    }

    /// <summary>The device of the model's parameters.</summary>
    public Device Device => TextEncoder.parameters().First().device;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, m) in Components()) m.Dispose();
    }
}
