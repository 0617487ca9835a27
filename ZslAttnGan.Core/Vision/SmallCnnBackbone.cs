using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// A small, trainable backbone for small images (for example 64 × 64) and CPU work: a stack of
/// <see cref="ConvBnLeakyRelu"/> units (4 × 4 stride-2 convolution, BatchNorm, LeakyReLU 0.2). The region map is taken
/// after <c>regionDownsamples</c> blocks; <c>codeDownsamples</c> further blocks follow and their output is averaged
/// over height and width to give the pooled vector.
/// </summary>
/// <remarks>
/// <para>Block i has <c>baseChannels · 2^i</c> output channels. With the defaults (64 px, base 32, 3 + 1 blocks) the
/// regions are [B, 128, 8, 8] and the pooled vector is [B, 256].</para>
/// <para>No resize happens: the <see cref="ImageEncoder"/> requires images of exactly
/// <see cref="InputSize"/> × <see cref="InputSize"/> pixels. The parameters are trained with the heads by
/// default. State-dict keys: <c>region_layers.{i}.conv.weight</c>, <c>region_layers.{i}.bn.*</c>,
/// <c>code_layers.{i}.*</c>.</para>
/// </remarks>
public sealed class SmallCnnBackbone : ImageBackbone
{
    [ComponentName(Name = "region_layers")]
    private readonly Sequential _regionLayers;

    [ComponentName(Name = "code_layers")]
    private readonly Sequential _codeLayers;

    /// <summary>Creates the backbone.</summary>
    /// <param name="imageSize">Height and width of the input images.</param>
    /// <param name="baseChannels">Output channels of the first block; each block doubles them.</param>
    /// <param name="regionDownsamples">Blocks before the region map (at least 1); the grid is
    /// <c>imageSize / 2^regionDownsamples</c>.</param>
    /// <param name="codeDownsamples">Further blocks between the region map and the pooled vector (0 pools the region
    /// map itself).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or <paramref name="imageSize"/> is not
    /// divisible by 2^(all blocks), or the last map would be smaller than 2 × 2 (train-mode BatchNorm needs more than
    /// one value per channel for a batch of one).</exception>
    public SmallCnnBackbone(int imageSize = 64, int baseChannels = 32, int regionDownsamples = 3, int codeDownsamples = 1)
        : base(nameof(SmallCnnBackbone))
    {
        Guard.Positive(imageSize, nameof(imageSize));
        Guard.Positive(baseChannels, nameof(baseChannels));
        Guard.Positive(regionDownsamples, nameof(regionDownsamples));
        if (codeDownsamples < 0)
            throw new ArgumentOutOfRangeException(nameof(codeDownsamples), codeDownsamples, "codeDownsamples must not be negative.");
        int blocks = regionDownsamples + codeDownsamples;
        if (blocks > 16 || imageSize % (1 << blocks) != 0 || (imageSize >> blocks) < 2)
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize,
                $"imageSize must be divisible by 2^{blocks} (one halving per block) and leave a last map of at least 2 × 2.");

        var region = new List<nn.Module<Tensor, Tensor>>();
        var code = new List<nn.Module<Tensor, Tensor>>();
        long channels = 3;
        for (int i = 0; i < blocks; i++)
        {
            long next = (long)baseChannels << i;
            (i < regionDownsamples ? region : code).Add(new ConvBnLeakyRelu(channels, next, kernelSize: 4, stride: 2, padding: 1));
            channels = next;
            if (i == regionDownsamples - 1) RegionChannels = channels;
        }
        PooledChannels = channels;
        InputSize = imageSize;
        RegionGridSize = imageSize >> regionDownsamples;
        _regionLayers = nn.Sequential(region);
        _codeLayers = nn.Sequential(code);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override long RegionChannels { get; }

    /// <inheritdoc />
    public override long PooledChannels { get; }

    /// <inheritdoc />
    public override long RegionGridSize { get; }

    /// <inheritdoc />
    public override long InputSize { get; }

    /// <inheritdoc />
    public override bool ResizesInput => false;

    /// <inheritdoc />
    public override bool TrainableByDefault => true;

    /// <summary>Runs the backbone.</summary>
    /// <param name="input">Images [B, 3, <see cref="InputSize"/>, <see cref="InputSize"/>], floating point.</param>
    /// <exception cref="ArgumentException">The input has another shape or is not floating point.</exception>
    public override BackboneFeatures forward(Tensor input)
    {
        Guard.Shape(input, nameof(input), $"[B, 3, {InputSize}, {InputSize}]", -1, 3, InputSize, InputSize);
        Guard.Floating(input, nameof(input));

        using var scope = NewDisposeScope();
        var regions = _regionLayers.call(input);
        var last = _codeLayers.call(regions);
        var pooled = last.mean(new long[] { 2, 3 });
        return new BackboneFeatures(regions.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }
}
