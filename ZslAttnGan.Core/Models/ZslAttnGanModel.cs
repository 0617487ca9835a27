using TorchSharp;
using ZslAttnGan.Components;
using ZslAttnGan.Discrimination;
using ZslAttnGan.Generation;
using ZslAttnGan.Initialization;
using ZslAttnGan.Text;
using ZslAttnGan.Vision;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;

namespace ZslAttnGan.Models;

/// <summary>
/// Every component of one ZSL-AttnGAN (or AttnGAN) model, built consistently from <see cref="ModelOptions"/>: text
/// encoder (with the ZSL sentence generator), image encoder, ZSL critic, generator and one image discriminator per
/// generator output. Each is the built-in module or, where <see cref="ModelOptions.Components"/> names one, a
/// registered component (<see cref="ComponentRegistry"/>). Owns and disposes them.
/// </summary>
public sealed class ZslAttnGanModel : IDisposable
{
    private readonly IImageEncoder? _imageEncoder;
    private readonly IImageGenerator? _generator;
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
    /// <exception cref="UnknownComponentException">A component named in <see cref="ModelOptions.Components"/> is not registered.</exception>
    /// <exception cref="ArgumentException">The options are inconsistent, or a component does not fit the others.</exception>
    public ZslAttnGanModel(ModelOptions options, int vocabularySize, int classCount, long seed = 0, ModelParts parts = ModelParts.All)
        : this(options, vocabularySize, classCount, seed, parts, savedAssemblies: null)
    {
    }

    internal ZslAttnGanModel(ModelOptions options, int vocabularySize, int classCount, long seed, ModelParts parts,
        IReadOnlyDictionary<string, ComponentRecord>? savedAssemblies)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "classCount must be at least 1.");
        if (!Enum.IsDefined(parts)) throw new ArgumentOutOfRangeException(nameof(parts), parts, "Unknown ModelParts.");
        Options = options;
        Parts = parts;
        VocabularySize = vocabularySize;
        ClassCount = classCount;

        var built = new List<IModelComponent>();
        try
        {
            // Every component is re-initialised from this generator in a fixed order, so the model depends on the seed
            // only (the layer constructors draw from the process-wide generator, which other threads may be using).
            using var rng = new Generator(unchecked((ulong)seed));
            T Build<T>(ComponentRole role, string name, int? imageSize, Func<T> builtIn) where T : class, IModelComponent
            {
                var spec = options.Components?.For(role);
                string? assembly = savedAssemblies is not null && savedAssemblies.TryGetValue(name, out var r) ? r.Assembly : null;
                var component = spec is null
                    ? builtIn()
                    : ComponentRegistry.Create(new ComponentContext(options, vocabularySize, classCount, role, imageSize, spec), assembly) as T
                      ?? throw new ArgumentException($"Component '{spec.Type}' does not implement {typeof(T).Name}.");
                built.Add(component);
                component.ResetParameters(rng);
                return component;
            }

            TextEncoder = Build<ITextEncoder>(ComponentRole.TextEncoder, TextEncoderName, null, () => new TextEncoder(options.TextEncoderFor(vocabularySize)));
            bool all = parts == ModelParts.All, encoders = all || parts == ModelParts.Encoders;
            if (encoders)
            {
                _imageEncoder = Build<IImageEncoder>(ComponentRole.ImageEncoder, ImageEncoderName, null, () => options.ImageBackbone == ImageBackboneKind.InceptionV3
                    ? Vision.ImageEncoder.InceptionV3(options.ImageEncoder)
                    : new Vision.ImageEncoder(options.ImageEncoder, new SmallCnnBackbone(options.ImageSizes[^1], options.SmallCnnWidth)));
            }
            if (encoders && options.IsZsl)
                ZslDiscriminator = Build<IZslCritic>(ComponentRole.ZslCritic, ZslDiscriminatorName, null,
                    () => new ZslDiscriminator(classCount, options.EmbeddingSize, options.ZslDiscriminatorHidden));
            if (parts != ModelParts.Encoders)
                _generator = Build<IImageGenerator>(ComponentRole.Generator, GeneratorName, null, () => new AttnGenerator(options.Generator));
            bool singleOutput = options.Generator.SingleOutput;
            var sizes = all ? _generator!.OutputSizes : Array.Empty<int>();
            Discriminators = sizes.Select(s => Build<IImageDiscriminator>(ComponentRole.Discriminator, DiscriminatorName(s), s,
                () => new ImageDiscriminator(s, options.DiscriminatorWidth, options.EmbeddingSize, unconditionalHead: !singleOutput, options.DiscriminatorSpectralNorm, options.DiscriminatorBatchNorm))).ToArray();
            CheckFit();
        }
        catch
        {
            foreach (var c in built) c.Dispose();
            throw;
        }
    }

    /// <summary>Checkpoint name of the discriminator for <paramref name="imageSize"/>-pixel images.</summary>
    public static string DiscriminatorName(int imageSize) => $"discriminator_{imageSize}";

    // Replaced components must agree with the others on the shared sizes; the built-in ones already do (Validate).
    private void CheckFit()
    {
        int e = Options.EmbeddingSize;
        if (TextEncoder.WordSize != e || TextEncoder.SentenceSize != e)
            throw new ArgumentException($"The text encoder ({TextEncoder.GetType().Name}) writes words of {TextEncoder.WordSize} and sentences of {TextEncoder.SentenceSize} channels; the model's EmbeddingSize is {e}.");
        if (_imageEncoder is { } ie && ie.EmbeddingSize != e)
            throw new ArgumentException($"The image encoder ({ie.GetType().Name}) writes codes of {ie.EmbeddingSize} channels; the model's EmbeddingSize is {e}.");
        if (ZslDiscriminator is { } z && (z.InFeatures != e || z.Classes != ClassCount))
            throw new ArgumentException($"The ZSL critic ({z.GetType().Name}) reads {z.InFeatures} features into {z.Classes} classes; the model has EmbeddingSize {e} and {ClassCount} classes.");
        if (_generator is { } g && g.OutputSizes.Except(Options.ImageSizes).Any())
            throw new ArgumentException($"The generator ({g.GetType().Name}) writes images of [{string.Join(", ", g.OutputSizes)}] px, but the data delivers [{string.Join(", ", Options.ImageSizes)}] (ModelOptions.ImageSizes).");
        foreach (var d in Discriminators)
            if (d.ConditionSize != e)
                throw new ArgumentException($"The {d.ImageSize}-px discriminator ({d.GetType().Name}) reads conditions of {d.ConditionSize}; the model's EmbeddingSize is {e}.");
    }

    /// <summary>The options the model was built with.</summary>
    public ModelOptions Options { get; }

    /// <summary>Vocabulary size the text encoder was built for.</summary>
    public int VocabularySize { get; }

    /// <summary>Classes of the ZSL discriminator.</summary>
    public int ClassCount { get; }

    /// <summary>The text encoder (built in: BiLSTM + ZSL sentence generator, <see cref="Text.TextEncoder"/>).</summary>
    public ITextEncoder TextEncoder { get; }

    /// <summary>Which components were built.</summary>
    public ModelParts Parts { get; }

    /// <summary>The image encoder (built in: <see cref="Vision.ImageEncoder"/>).</summary>
    /// <exception cref="InvalidOperationException">The model was built with <see cref="ModelParts.Inference"/>.</exception>
    public IImageEncoder ImageEncoder => _imageEncoder
        ?? throw new InvalidOperationException("This model was built with ModelParts.Inference and has no image encoder; build it with ModelParts.All.");

    /// <summary>The ZSL critic (built in: <see cref="Zsl.ZslDiscriminator"/>), or null in AttnGAN mode (and in a
    /// <see cref="ModelParts.Inference"/> model).</summary>
    public IZslCritic? ZslDiscriminator { get; }

    /// <summary>The generator (built in: <see cref="AttnGenerator"/>).</summary>
    /// <exception cref="InvalidOperationException">The model was built with <see cref="ModelParts.Encoders"/>.</exception>
    public IImageGenerator Generator => _generator
        ?? throw new InvalidOperationException("This model was built with ModelParts.Encoders and has no generator; build it with ModelParts.All.");

    /// <summary>Image discriminators, one per generator output, smallest first (none in a <see cref="ModelParts.Inference"/> model).</summary>
    public IReadOnlyList<IImageDiscriminator> Discriminators { get; } = Array.Empty<IImageDiscriminator>();

    /// <summary>
    /// Run the generator, the image discriminators and the image encoder on channels-last tensors
    /// (<see cref="Nn.MemoryFormats"/>): faster on CPU with oneDNN, equal to the default layout up to floating-point
    /// rounding (so training is no longer bit-identical to a default run). Off by default; not saved in checkpoints.
    /// Applies to the built-in components; replaced ones keep their own layout.
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
        (_generator as AttnGenerator)?.SetChannelsLast(_channelsLast, _channelsLastSizeLimit);
        foreach (var d in Discriminators.OfType<ImageDiscriminator>()) d.ChannelsLast = _channelsLast && d.ImageSize < _channelsLastSizeLimit;
        if (_imageEncoder is ImageEncoder ie) ie.ChannelsLast = _channelsLast;
    }

    /// <summary>Components by checkpoint name (discriminators as <c>discriminator_&lt;size&gt;</c>).</summary>
    public IEnumerable<(string Name, nn.Module Module)> Components() =>
        ComponentsWithRoles().Select(c => (c.Name, c.Component.Module));

    /// <summary>Components by checkpoint name with their roles.</summary>
    public IEnumerable<(string Name, ComponentRole Role, IModelComponent Component)> ComponentsWithRoles()
    {
        yield return (TextEncoderName, ComponentRole.TextEncoder, TextEncoder);
        if (_imageEncoder is not null) yield return (ImageEncoderName, ComponentRole.ImageEncoder, _imageEncoder);
        if (ZslDiscriminator is not null) yield return (ZslDiscriminatorName, ComponentRole.ZslCritic, ZslDiscriminator);
        if (_generator is not null) yield return (GeneratorName, ComponentRole.Generator, _generator);
        foreach (var d in Discriminators) yield return (DiscriminatorName(d.ImageSize), ComponentRole.Discriminator, d);
    }

    /// <summary>Each component's type name (the registered name, or the built-in type's full name) and assembly, as
    /// checkpoints record them.</summary>
    public IReadOnlyDictionary<string, ComponentRecord> ComponentRecords() => ComponentsWithRoles().ToDictionary(
        c => c.Name,
        c => new ComponentRecord(Options.Components?.For(c.Role)?.Type ?? ComponentRegistry.NameOf(c.Component.GetType()),
            c.Component.GetType().Assembly.GetName().Name));

    /// <summary>
    /// Caption → image, written once for every caller (the GAN step, previews, evaluation sampling and the inference
    /// pipeline): encodes the captions (without gradients unless <paramref name="textGradients"/>), builds their
    /// padding mask and runs the generator on the sentence codes and word features. Modes (train/eval) and the outer
    /// gradient mode are the caller's; every random draw comes from <paramref name="generator"/>, text first.
    /// </summary>
    /// <param name="captions">Token ids [B, L] (int64, zero-padded).</param>
    /// <param name="lengths">Caption lengths [B].</param>
    /// <param name="generator">Random source of the sentence conditioner's and the generator's noise.</param>
    /// <param name="textGradients">Let gradients flow into the text encoder (the GAN phase keeps it fixed).</param>
    public CaptionGeneration GenerateFromCaptions(Tensor captions, Tensor lengths, Generator? generator = null, bool textGradients = false)
    {
        Text.TextEncoding text;
        using (textGradients ? null : no_grad())
            text = TextEncoder.Encode(captions, lengths, generator: generator);
        var mask = Text.PaddingMask.For(lengths, text.Words.shape[2], text.Words.device);
        return new CaptionGeneration(text, mask, Generator.Generate(text.Sentence, text.Words, mask, generator));
    }

    /// <summary>Moves every component to <paramref name="device"/>.</summary>
    public ZslAttnGanModel To(Device device)
    {
        foreach (var (_, m) in Components()) m.to(device);
        return this;
    }

    /// <summary>The device of the model's parameters.</summary>
    public Device Device => TextEncoder.Module.parameters().First().device;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, m) in Components()) m.Dispose();
    }
}

/// <summary>Output of <see cref="ZslAttnGanModel.GenerateFromCaptions"/>: the captions' encoding and the generator's output.</summary>
/// <param name="Text">Word features, sentence codes and the sentence before conditioning.</param>
/// <param name="Mask">The captions' padding mask [B, T] (true past each caption), as the generator read it.</param>
/// <param name="Output">Images of every output size, attention maps, the condition (and μ, log σ² for CA).</param>
public sealed record CaptionGeneration(Text.TextEncoding Text, Tensor Mask, GeneratorOutput Output);

/// <summary>What a checkpoint records of one component: its type name and the assembly that defined it.</summary>
/// <param name="Type">Registered type name, or the built-in type's full name.</param>
/// <param name="Assembly">Simple name of the defining assembly.</param>
public sealed record ComponentRecord(string Type, string? Assembly);
