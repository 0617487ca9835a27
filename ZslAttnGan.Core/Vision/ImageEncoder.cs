using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// The image encoder (the reference's <c>CNN_ENCODER</c>): resize, backbone, and two trainable heads. For an image batch
/// [B, 3, H, W] in [−1, 1] it returns region features [B, D, g, g] and a global code [B, D].
/// </summary>
/// <remarks>
/// <para>With the default <see cref="InceptionV3Trunk"/> the image is resized bilinearly to 299 × 299
/// (<see cref="ImageEncoderOptions.AlignCorners"/>), the frozen trunk gives Mixed_6e [B, 768, 17, 17] and the pooled
/// Mixed_7c vector [B, 2048], and the heads give regions [B, 256, 17, 17] and the code [B, 256].</para>
/// <para>With <see cref="SmallCnnBackbone"/> nothing is resized: images must already have the backbone's size, and the
/// backbone is trained with the heads.</para>
/// <para>State-dict keys equal the reference's: the backbone's keys without prefix (<c>Conv2d_1a_3x3.conv.weight</c>,
/// …, <c>Mixed_7c.branch_pool.bn.num_batches_tracked</c>), <c>emb_features.weight</c> and
/// <c>emb_cnn_code.0.{weight,bias}</c> (ZSL-AttnGAN) or <c>emb_cnn_code.{weight,bias}</c> (AttnGAN). A frozen backbone
/// has <c>requires_grad = false</c> on all its parameters; gradients still flow through it to the input image.
/// Optimise <see cref="TrainableParameters"/>.</para>
/// <para>The encoder owns its backbone and disposes it.</para>
/// </remarks>
public sealed class ImageEncoder : nn.Module<Tensor, ImageEncoding>, Components.IImageEncoder
{
    // Neither field is registered as a child: their children are adopted (see Adopt), so the keys carry no prefix.
    private readonly ImageBackbone _backbone;
    private readonly ImageEncoderHeads _heads;

    /// <summary>Creates an encoder.</summary>
    /// <param name="options">Options; null means <see cref="ImageEncoderOptions.ZslAttnGan"/>.</param>
    /// <param name="backbone">The backbone, owned by the encoder from now on; null creates a new
    /// <see cref="InceptionV3Trunk"/> (random weights: load a checkpoint).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ImageEncoder(ImageEncoderOptions? options = null, ImageBackbone? backbone = null) : base(nameof(ImageEncoder))
    {
        Options = options ?? new ImageEncoderOptions();
        Guard.Positive(Options.EmbeddingDim, "options.EmbeddingDim");
        if (!Enum.IsDefined(Options.TrunkBatchNorm))
            throw new ArgumentOutOfRangeException(nameof(options), Options.TrunkBatchNorm, "Unknown TrunkBatchNormMode.");

        _backbone = backbone ?? new InceptionV3Trunk();
        _heads = new ImageEncoderHeads(_backbone.RegionChannels, _backbone.PooledChannels, Options.EmbeddingDim, Options.GlobalCodeHead);
        Adopt(_backbone);
        Adopt(_heads);

        BackboneTrainable = Options.TrainBackbone ?? _backbone.TrainableByDefault;
        if (!BackboneTrainable)
        {
            foreach (var p in _backbone.parameters()) p.requires_grad = false;
        }
        SetModes(training: true);
    }

    /// <summary>Creates the reference encoder: Inception-v3 trunk (random weights: load a checkpoint) and heads.</summary>
    /// <param name="options">Options; null means <see cref="ImageEncoderOptions.ZslAttnGan"/>.</param>
    public static ImageEncoder InceptionV3(ImageEncoderOptions? options = null) => new(options, new InceptionV3Trunk());

    /// <summary>Creates an encoder on a trainable <see cref="SmallCnnBackbone"/> with default layout for
    /// <paramref name="imageSize"/>-pixel images (regions at 1/8 of the size).</summary>
    /// <param name="imageSize">Height and width of the images (64 by default).</param>
    /// <param name="options">Options; null means <see cref="ImageEncoderOptions.ZslAttnGan"/>.</param>
    public static ImageEncoder SmallCnn(int imageSize = 64, ImageEncoderOptions? options = null) =>
        new(options, new SmallCnnBackbone(imageSize));

    /// <summary>The options the encoder was built with.</summary>
    public ImageEncoderOptions Options { get; }

    /// <summary>The backbone (its parameters appear in this module's state dict without prefix).</summary>
    public ImageBackbone Backbone => _backbone;

    /// <summary>The two heads (their parameters appear in this module's state dict without prefix).</summary>
    public ImageEncoderHeads Heads => _heads;

    /// <summary>Whether the backbone's parameters require gradients.</summary>
    public bool BackboneTrainable { get; }

    /// <summary>Run the backbone on channels-last tensors (<see cref="MemoryFormats"/>): faster with oneDNN on CPU,
    /// equal up to floating-point rounding. Off by default; not part of the state dict.</summary>
    public bool ChannelsLast { get; set; }

    /// <summary>Output size D of regions and code.</summary>
    public long EmbeddingDim => Options.EmbeddingDim;

    /// <summary>Height and width of the region grid (17 for Inception-v3).</summary>
    public long RegionGridSize => _backbone.RegionGridSize;

    /// <summary>The parameters to optimise, in state-dict order: the heads, plus the backbone when it is trainable
    /// (whatever their <c>requires_grad</c> flags are at the moment).</summary>
    public IEnumerable<Parameter> TrainableParameters()
    {
        if (BackboneTrainable) return parameters();
        var frozen = _backbone.parameters().Select(p => p.Handle).ToHashSet();
        return parameters().Where(p => !frozen.Contains(p.Handle));
    }

    /// <inheritdoc />
    int Components.IImageEncoder.EmbeddingSize => checked((int)Options.EmbeddingDim);

    /// <inheritdoc />
    int? Components.IImageEncoder.InputSize => _backbone.ResizesInput ? null : checked((int)_backbone.InputSize);

    /// <inheritdoc />
    ImageEncoding Components.IImageEncoder.Encode(Tensor images) => forward(images);

    /// <summary>Re-initialises the heads (reference init) and, when it is trainable, the backbone (PyTorch defaults) from
    /// <paramref name="generator"/>. A frozen backbone keeps its weights: they come from a checkpoint.</summary>
    public void ResetParameters(Generator generator)
    {
        if (BackboneTrainable) Initialization.DefaultInit.Reset(_backbone, generator);
        _heads.ResetParameters(generator);
    }

    /// <summary>Encodes an image batch.</summary>
    /// <param name="image">Images [B, 3, H, W] (any H, W for Inception-v3; exactly the backbone's size otherwise), in
    /// [−1, 1], with the encoder's dtype and device.</param>
    /// <returns>Regions [B, D, g, g] and code [B, D].</returns>
    /// <exception cref="ArgumentException">The image has the wrong rank, channels, size, dtype or device.</exception>
    public override ImageEncoding forward(Tensor image)
    {
        using var scope = NewDisposeScope();
        var trace = ForwardDetailed(image);
        return new ImageEncoding(trace.Regions.MoveToOuterDisposeScope(), trace.Code.MoveToOuterDisposeScope());
    }

    /// <summary>Encodes an image batch and returns every intermediate stage as well.</summary>
    /// <param name="image">As for <see cref="forward"/>.</param>
    /// <returns>The resized input, the backbone's region map and pooled vector, and the two outputs.</returns>
    /// <exception cref="ArgumentException">The image has the wrong rank, channels, size, dtype or device.</exception>
    public ImageEncoderTrace ForwardDetailed(Tensor image)
    {
        var input = PrepareInput(image);
        var features = _backbone.call(ChannelsLast ? MemoryFormats.ToChannelsLast(input) : input);
        var encoded = _heads.call(features.Regions, features.Pooled);
        return new ImageEncoderTrace(input, features.Regions, features.Pooled, encoded.Regions, encoded.Code);
    }

    /// <summary>
    /// Sets training mode. The heads (and a trainable backbone) follow <paramref name="train"/>; a frozen backbone
    /// stays in eval mode unless <see cref="ImageEncoderOptions.TrunkBatchNorm"/> is
    /// <see cref="TrunkBatchNormMode.FollowEncoder"/>.
    /// </summary>
    /// <param name="train">True for training mode, false for evaluation mode.</param>
    public override void train(bool train = true)
    {
        base.train(train);
        SetModes(train);
    }

    private void SetModes(bool training)
    {
        _heads.train(training);
        bool backboneFollows = BackboneTrainable || Options.TrunkBatchNorm == TrunkBatchNormMode.FollowEncoder;
        _backbone.train(training && backboneFollows);
    }

    private void ValidateImage(Tensor image)
    {
        long size = _backbone.InputSize;
        if (_backbone.ResizesInput)
            Guard.Shape(image, nameof(image), "[B, 3, H, W]", -1, 3, -1, -1);
        else
            Guard.Shape(image, nameof(image), $"[B, 3, {size}, {size}]", -1, 3, size, size);
        if (image.shape[0] == 0 || image.shape[2] == 0 || image.shape[3] == 0)
            throw new ArgumentException($"image must have shape [B, 3, H, W] with B, H, W ≥ 1 but has shape {Guard.Shape(image)}.", nameof(image));
        Guard.Floating(image, nameof(image));
        var weight = _heads.parameters().First();
        if (image.dtype != weight.dtype)
            throw new ArgumentException($"image must have dtype {weight.dtype} (the encoder's dtype) but has dtype {image.dtype}.", nameof(image));
        if (image.device_type != weight.device_type || image.device_index != weight.device_index)
            throw new ArgumentException($"image must be on {weight.device} (the encoder's device) but is on {image.device}.", nameof(image));
    }

    /// <summary>
    /// Validates an image batch and produces the backbone's input: for a resizing backbone (Inception-v3) a bilinear
    /// resize to <see cref="ImageBackbone.InputSize"/> × <see cref="ImageBackbone.InputSize"/> with
    /// <see cref="ImageEncoderOptions.AlignCorners"/>; otherwise (and when the size already fits) the image itself.
    /// </summary>
    /// <param name="image">As for <see cref="forward"/>.</param>
    /// <returns>[B, 3, S, S] with S = <see cref="ImageBackbone.InputSize"/>.</returns>
    /// <exception cref="ArgumentException">The image has the wrong rank, channels, size, dtype or device.</exception>
    public Tensor PrepareInput(Tensor image)
    {
        ValidateImage(image);
        long size = _backbone.InputSize;
        if (!_backbone.ResizesInput || (image.shape[2] == size && image.shape[3] == size))
            return image.alias();
        return nn.functional.interpolate(image, new[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: Options.AlignCorners);
    }

    /// <summary>Registers <paramref name="owner"/>'s children as this module's own children, so their state-dict keys
    /// have no prefix (the reference CNN_ENCODER holds the Inception layers and the heads directly).</summary>
    private void Adopt(nn.Module owner)
    {
        foreach (var (name, child) in owner.named_children())
            register_module(name, child);
    }

    /// <summary>Components are registered explicitly in the constructor (see <see cref="Adopt"/>); the field-based
    /// registration would add the backbone and heads a second time under prefixed names.</summary>
    protected override void RegisterComponents()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _backbone.Dispose();
            _heads.Dispose();
        }
    }
}
