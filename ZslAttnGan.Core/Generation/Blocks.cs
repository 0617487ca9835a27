using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Generation;

/// <summary>
/// The reference's small building blocks (attngan.md §2.1). Each returns a <see cref="Sequential"/> whose child indices
/// reproduce the reference state-dict keys (e.g. an up block's conv is <c>.1</c> and its BatchNorm <c>.2</c>).
/// </summary>
public static class Blocks
{
    /// <summary>3×3 convolution, stride 1, padding 1, no bias.</summary>
    public static Convolution2d Conv3x3(long inChannels, long outChannels) =>
        new(inChannels, outChannels, 3, stride: 1, padding: 1, hasBias: false);

    /// <summary>1×1 convolution, no bias.</summary>
    public static Convolution2d Conv1x1(long inChannels, long outChannels) =>
        new(inChannels, outChannels, 1, stride: 1, padding: 0, hasBias: false);

    /// <summary>upBlock: nearest ×2 → conv3x3(in → 2·out) → BN → GLU: [B, in, H, W] → [B, out, 2H, 2W]. The up-sampling is
    /// <see cref="NearestUpsample"/> (nn.Upsample's values), so that <see cref="InferenceFusion"/> can merge it into the conv.</summary>
    public static Sequential UpBlock(long inChannels, long outChannels) => nn.Sequential(
        new NearestUpsample(),
        Conv3x3(inChannels, outChannels * 2),
        new ZslAttnGan.Nn.BatchNorm(outChannels * 2),
        new Glu());

    /// <summary>A discriminator convolution: plain, or spectrally normalised (<see cref="Discrimination.SpectralNormConv2d"/>).</summary>
    public static nn.Module<Tensor, Tensor> DiscriminatorConv(long inChannels, long outChannels, long kernel, long stride, long padding, bool bias, bool spectralNorm) =>
        spectralNorm
            ? new Discrimination.SpectralNormConv2d(inChannels, outChannels, kernel, stride, padding, bias)
            : new Convolution2d(inChannels, outChannels, kernel, stride, padding, bias);

    /// <summary>A discriminator's normalisation: BatchNorm (the reference) or, without it, an identity that keeps the
    /// child indices (and so the other keys) of the reference.</summary>
    public static nn.Module<Tensor, Tensor> DiscriminatorNorm(long channels, bool batchNorm) =>
        batchNorm ? new ZslAttnGan.Nn.BatchNorm(channels) : nn.Identity();

    /// <summary>Block3x3_leakRelu: conv3x3(in → out) → BN → LeakyReLU(0.2) (in place, as the reference).</summary>
    public static Sequential Block3x3LeakyRelu(long inChannels, long outChannels, bool spectralNorm = false, bool batchNorm = true) => nn.Sequential(
        DiscriminatorConv(inChannels, outChannels, 3, 1, 1, bias: false, spectralNorm),
        DiscriminatorNorm(outChannels, batchNorm),
        new LeakyRelu(0.2, inPlace: true));

    /// <summary>downBlock: conv 4×4 stride 2 (no bias) → BN → LeakyReLU(0.2): halves H and W.</summary>
    public static Sequential DownBlock(long inChannels, long outChannels, bool spectralNorm = false, bool batchNorm = true) => nn.Sequential(
        DiscriminatorConv(inChannels, outChannels, 4, 2, 1, bias: false, spectralNorm),
        DiscriminatorNorm(outChannels, batchNorm),
        new LeakyRelu(0.2, inPlace: true));

    /// <summary>encode_image_by_16times: four stride-2 convs (no BatchNorm on the first) → [B, 8·ndf, S/16, S/16].</summary>
    public static Sequential EncodeImageBy16(long ndf, bool spectralNorm = false, bool batchNorm = true) => EncodeImage(ndf, firstKernel: 4, firstStride: 2, spectralNorm, batchNorm);

    /// <summary>
    /// Not in the reference: <see cref="EncodeImageBy16"/> with a first 3×3 stride-1 conv, so a 32-px image also ends at
    /// [B, 8·ndf, 4, 4] and the heads stay unchanged. Same child indices and shapes apart from the first kernel.
    /// </summary>
    public static Sequential EncodeImageBy8(long ndf, bool spectralNorm = false, bool batchNorm = true) => EncodeImage(ndf, firstKernel: 3, firstStride: 1, spectralNorm, batchNorm);

    /// <summary>Not in the reference: <see cref="EncodeImageBy8"/> whose second conv is 3×3 stride 1 too, so a 16-px image
    /// also ends at [B, 8·ndf, 4, 4].</summary>
    public static Sequential EncodeImageBy4(long ndf, bool spectralNorm = false, bool batchNorm = true) => EncodeImage(ndf, firstKernel: 3, firstStride: 1, spectralNorm, batchNorm, secondKernel: 3, secondStride: 1);

    private static Sequential EncodeImage(long ndf, long firstKernel, long firstStride, bool sn, bool bn, long secondKernel = 4, long secondStride = 2) => nn.Sequential(
        DiscriminatorConv(3, ndf, firstKernel, firstStride, 1, bias: false, sn),
        new LeakyRelu(0.2, inPlace: true),
        DiscriminatorConv(ndf, ndf * 2, secondKernel, secondStride, 1, bias: false, sn),
        DiscriminatorNorm(ndf * 2, bn),
        new LeakyRelu(0.2, inPlace: true),
        DiscriminatorConv(ndf * 2, ndf * 4, 4, 2, 1, bias: false, sn),
        DiscriminatorNorm(ndf * 4, bn),
        new LeakyRelu(0.2, inPlace: true),
        DiscriminatorConv(ndf * 4, ndf * 8, 4, 2, 1, bias: false, sn),
        DiscriminatorNorm(ndf * 8, bn),
        new LeakyRelu(0.2, inPlace: true));
}

/// <summary>ResBlock: x + [conv3x3(c → 2c) → BN → GLU → conv3x3(c → c) → BN](x), no activation after the sum.
/// Keys: <c>block.{0,1,3,4}.*</c>.</summary>
public sealed class ResBlock : nn.Module<Tensor, Tensor>
{
    private readonly Sequential block;

    /// <summary>Creates a residual block over <paramref name="channels"/> channels.</summary>
    public ResBlock(long channels) : base(nameof(ResBlock))
    {
        block = nn.Sequential(
            Blocks.Conv3x3(channels, channels * 2),
            new ZslAttnGan.Nn.BatchNorm(channels * 2),
            new Glu(),
            Blocks.Conv3x3(channels, channels),
            new ZslAttnGan.Nn.BatchNorm(channels));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        // The branch output's handle goes at once: the sum's backward does not need it, so without gradients (and
        // with them, as batch norm keeps its input rather than its output) its memory is freed here.
        using var branch = block.forward(x);
        return x.Plus(branch);
    }
}

/// <summary>GET_IMAGE_G: conv3x3(ngf → 3) → Tanh. Key: <c>img.0.weight</c>.</summary>
public sealed class ImageHead : nn.Module<Tensor, Tensor>
{
    private readonly Sequential img;

    /// <summary>Creates the head for <paramref name="ngf"/> input channels.</summary>
    public ImageHead(long ngf) : base(nameof(ImageHead))
    {
        img = nn.Sequential(Blocks.Conv3x3(ngf, 3), nn.Tanh());
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor h) => img.forward(h);
}
