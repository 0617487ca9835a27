using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Generation;

/// <summary>Generator output.</summary>
/// <param name="Images">Images [B, 3, s, s] in (−1, 1), smallest first (one image in the single-output variant).</param>
/// <param name="AttentionMaps">Word attention of each refinement stage [B, T, s, s] (s = the stage's input size).</param>
/// <param name="Condition">The code c the first stage read (ZSL code, or the CA sample).</param>
/// <param name="Mu">CA mean, or null in ZSL mode.</param>
/// <param name="LogVar">CA log-variance, or null in ZSL mode.</param>
public sealed record GeneratorOutput(IReadOnlyList<Tensor> Images, IReadOnlyList<Tensor> AttentionMaps, Tensor Condition, Tensor? Mu, Tensor? LogVar);

/// <summary>
/// The attentional generator G_NET (attngan.md §2.5; zslgan.md §5.4): an initial stage from the condition code
/// (plus optional image noise), then 0–2 refinement stages with word attention and residual blocks, each with a Tanh
/// image head (or, in the single-output DCGAN variant, one head at the end). State-dict keys as the reference:
/// <c>ca_net.*</c>, <c>h_net1.*</c>, <c>h_net2.*</c>, <c>img_net1.*</c>, … (<c>img_net.*</c> for the single output).
/// </summary>
public sealed class AttnGenerator : nn.Module<Tensor, Tensor, Tensor?, GeneratorOutput>, Components.IImageGenerator
{
    private readonly ConditioningAugmentation? ca_net;
    private readonly InitialStage h_net1;
    private readonly NextStage? h_net2;
    private readonly NextStage? h_net3;
    private readonly ImageHead? img_net1;
    private readonly ImageHead? img_net2;
    private readonly ImageHead? img_net3;
    private readonly ImageHead? img_net;

    /// <summary>Builds the generator (PyTorch default init; call <see cref="Initialization.ReferenceInit.Apply"/> for the reference init).</summary>
    public AttnGenerator(GeneratorOptions? options = null) : base(nameof(AttnGenerator))
    {
        Options = options ?? new GeneratorOptions();
        Options.Validate();
        var o = Options;
        long ngf = o.Ngf;
        if (o.Conditioning == ConditioningKind.Augmentation) ca_net = new ConditioningAugmentation(o.SentenceSize, o.ConditionSize);
        // The first stage halves its width in every up block and must end at ngf channels (16·ngf at 4×4 for 64 px).
        // Per-block conditioning reads the stage-one input, with a hidden layer as wide as that input (0 = none).
        long affineCode = o.AffineConditioning ? o.StageInputSize : 0;
        long affineHidden = affineCode;
        h_net1 = new InitialStage(ngf << o.InitialUpBlocks, o.StageInputSize, o.InitialUpBlocks, affineHidden);
        if (!o.SingleOutput) img_net1 = new ImageHead(ngf);
        if (o.Branches > 1)
        {
            h_net2 = new NextStage(ngf, o.WordSize, o.ResidualBlocks, o.ReplicateMaskBug, affineCode, affineHidden);
            if (!o.SingleOutput) img_net2 = new ImageHead(ngf);
        }
        if (o.Branches > 2)
        {
            h_net3 = new NextStage(ngf, o.WordSize, o.ResidualBlocks, o.ReplicateMaskBug, affineCode, affineHidden);
            if (!o.SingleOutput) img_net3 = new ImageHead(ngf);
        }
        if (o.SingleOutput) img_net = new ImageHead(ngf);
        RegisterComponents();
    }

    /// <summary>The options this generator was built with.</summary>
    public GeneratorOptions Options { get; }

    /// <summary>Sizes of the output images: every stage's, or only the last one's in the single-output variant.</summary>
    public IReadOnlyList<int> OutputSizes => Options.SingleOutput ? new[] { Options.ImageSizes[^1] } : Options.ImageSizes;

    /// <summary>Re-initialises from <paramref name="generator"/>: PyTorch's defaults, then the reference init
    /// (<see cref="Initialization.ReferenceInit"/>), as a fresh <see cref="Models.ZslAttnGanModel"/> does.</summary>
    public void ResetParameters(Generator generator)
    {
        Initialization.DefaultInit.Reset(this, generator);
        Initialization.ReferenceInit.Apply(this, generator);
    }

    /// <inheritdoc />
    GeneratorOutput Components.IImageGenerator.Generate(Tensor condition, Tensor words, Tensor? mask, Generator? generator) =>
        Generate(condition, words, mask, generator: generator);

    /// <summary>
    /// Run the convolutional stages on channels-last tensors (<see cref="MemoryFormats"/>): faster with oneDNN on CPU,
    /// equal up to floating-point rounding. Off by default (bit-identical to the reference layout); images and
    /// attention maps are returned in the usual contiguous layout either way. Not part of the state dict.
    /// </summary>
    public bool ChannelsLast
    {
        get => h_net1.ChannelsLast;
        set => SetChannelsLast(value);
    }

    /// <summary>
    /// Channels-last (see <see cref="ChannelsLast"/>) for the stages whose hidden maps are smaller than
    /// <paramref name="sizeLimit"/> pixels; the larger stages keep the default layout. Training at 256 px is faster that
    /// way on oneDNN CPUs (the 256-px backward passes prefer NCHW; docs/performance.md).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sizeLimit"/> is not positive.</exception>
    public void SetChannelsLast(bool enabled, int sizeLimit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeLimit);
        var sizes = Options.ImageSizes;
        h_net1.ChannelsLast = enabled && sizes[0] < sizeLimit;
        if (h_net2 is not null) h_net2.ChannelsLast = enabled && sizes[1] < sizeLimit;
        if (h_net3 is not null) h_net3.ChannelsLast = enabled && sizes[2] < sizeLimit;
    }

    /// <summary>Generates with noise (and CA ε) drawn from the global generator.</summary>
    public override GeneratorOutput forward(Tensor condition, Tensor words, Tensor? mask) => Generate(condition, words, mask);

    /// <summary>Generates images.</summary>
    /// <param name="condition">ZSL mode: the sentence code [B, ConditionSize]. CA mode: the sentence [B, SentenceSize].</param>
    /// <param name="words">Word features [B, WordSize, T], zero at padding.</param>
    /// <param name="mask">Padding mask [B, T] (bool, true at padding), or null.</param>
    /// <param name="noise">Image noise [B, NoiseSize] (only when NoiseSize &gt; 0); drawn from <paramref name="generator"/> when null.</param>
    /// <param name="eps">CA's ε [B, ConditionSize] (CA mode only); drawn from <paramref name="generator"/> when null.</param>
    /// <param name="generator">Random source for whatever is not given.</param>
    public GeneratorOutput Generate(Tensor condition, Tensor words, Tensor? mask, Tensor? noise = null, Tensor? eps = null, Generator? generator = null)
    {
        var o = Options;
        long condSize = ca_net is null ? o.ConditionSize : o.SentenceSize;
        Guard.Shape(condition, nameof(condition), $"[B, {condSize}]", -1, condSize);
        Guard.Floating(condition, nameof(condition));
        long b = condition.shape[0];
        Guard.Shape(words, nameof(words), $"[{b}, {o.WordSize}, T]", b, o.WordSize, -1);
        if (mask is not null) Guard.Shape(mask, nameof(mask), $"[{b}, {words.shape[2]}] (bool)", b, words.shape[2]);
        if (noise is not null) Guard.Shape(noise, nameof(noise), $"[{b}, {o.NoiseSize}]", b, o.NoiseSize);
        if (training && b < 2)
            throw new ArgumentException("A batch of 1 cannot be generated in train mode (BatchNorm needs batch statistics); call eval() first.", nameof(condition));

        Tensor c; Tensor? mu = null, logvar = null;
        if (ca_net is not null)
        {
            var ca = eps is null ? ca_net.Sample(condition, generator) : ca_net.forward(condition, eps);
            (c, mu, logvar) = (ca.Code, ca.Mu, ca.LogVar);
        }
        else c = condition;

        var input = c;
        if (o.NoiseSize > 0)
        {
            var z = noise ?? randn(new[] { b, (long)o.NoiseSize }, dtype: c.dtype, device: c.device, generator: generator);
            input = cat(new[] { c, z }, 1);
        }

        var images = new List<Tensor>();
        var maps = new List<Tensor>();
        // Images leave in the default layout whatever the stage ran in (the head's 3-channel convolution may run
        // channels-last even in an NCHW stage: see Convolution2d).
        static Tensor Image(ImageHead head, Tensor x)
        {
            var image = head.forward(x);
            return image.is_contiguous() ? image : image.contiguous();
        }
        var h = h_net1.forward(input);
        if (img_net1 is not null) images.Add(Image(img_net1, h));
        if (h_net2 is not null)
        {
            (h, var a) = h_net2.Forward(h, words, mask, input);
            maps.Add(a);
            if (img_net2 is not null) images.Add(Image(img_net2, h));
        }
        if (h_net3 is not null)
        {
            (h, var a) = h_net3.Forward(h, words, mask, input);
            maps.Add(a);
            if (img_net3 is not null) images.Add(Image(img_net3, h));
        }
        if (img_net is not null) images.Add(Image(img_net, h));
        return new GeneratorOutput(images, maps, c, mu, logvar);
    }
}
