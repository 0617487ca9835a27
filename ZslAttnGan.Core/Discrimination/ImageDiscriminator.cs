using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Generation;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Discrimination;

/// <summary>
/// The image discriminators D_NET64 / D_NET128 / D_NET256 (attngan.md §2.6): an image encoder down to a
/// [B, 8·ndf, 4, 4] code (<see cref="forward"/>) and two heads, <see cref="Unconditional"/> (UNCOND_DNET, optional)
/// and <see cref="Conditional"/> (COND_DNET). Keys as the reference: <c>img_code_s16.*</c>, <c>img_code_s32.*</c>,
/// <c>img_code_s32_1.*</c>, <c>img_code_s64.*</c>, <c>img_code_s64_1.*</c>, <c>img_code_s64_2.*</c>,
/// <c>UNCOND_DNET.*</c>, <c>COND_DNET.*</c>.
/// </summary>
public sealed class ImageDiscriminator : nn.Module<Tensor, Tensor>, Components.IImageDiscriminator
{
    private readonly Sequential img_code_s16;
    private readonly Sequential? img_code_s32;
    private readonly Sequential? img_code_s32_1;
    private readonly Sequential? img_code_s64;
    private readonly Sequential? img_code_s64_1;
    private readonly Sequential? img_code_s64_2;
    private readonly DiscriminatorLogits? UNCOND_DNET;
    private readonly DiscriminatorLogits COND_DNET;

    /// <summary>Builds the discriminator for one image size (PyTorch default init; use ReferenceInit for the reference's).</summary>
    /// <param name="imageSize">64, 128 or 256 (the reference), or 32 or 16 (ours, for small CPU models: the first conv,
    /// and at 16 px the second too, keeps the size, so the code is still [B, 8·ndf, 4, 4]).</param>
    /// <param name="ndf">DF_DIM (64 bird, 96 COCO).</param>
    /// <param name="conditionSize">Sentence condition size (256).</param>
    /// <param name="unconditionalHead">Build UNCOND_DNET (b_jcu; false in the DCGAN variant).</param>
    /// <param name="spectralNorm">Spectral normalisation on every convolution (not in AttnGAN; keys become
    /// <c>…weight_orig</c>, <c>…weight_u</c>, <c>…weight_v</c> as with PyTorch's spectral_norm).</param>
    /// <param name="batchNorm">BatchNorm after the convolutions, as the reference; false = none (not in AttnGAN: real,
    /// generated and mismatched batches then cannot be told apart by their batch statistics). The other keys stay.</param>
    public ImageDiscriminator(int imageSize, int ndf = 64, int conditionSize = 256, bool unconditionalHead = true, bool spectralNorm = false, bool batchNorm = true) : base($"D_NET{imageSize}")
    {
        if (imageSize is not (16 or 32 or 64 or 128 or 256))
            throw new ArgumentException($"imageSize must be 16, 32, 64, 128 or 256 but is {imageSize}.", nameof(imageSize));
        Guard.Positive(ndf, nameof(ndf));
        Guard.Positive(conditionSize, nameof(conditionSize));
        ImageSize = imageSize;
        Ndf = ndf;
        ConditionSize = conditionSize;
        bool sn = spectralNorm, bn = batchNorm;
        HasBatchNorm = batchNorm;
        img_code_s16 = imageSize == 16 ? Blocks.EncodeImageBy4(ndf, sn, bn) : imageSize == 32 ? Blocks.EncodeImageBy8(ndf, sn, bn) : Blocks.EncodeImageBy16(ndf, sn, bn);
        if (imageSize == 128)
        {
            img_code_s32 = Blocks.DownBlock(ndf * 8, ndf * 16, sn, bn);
            img_code_s32_1 = Blocks.Block3x3LeakyRelu(ndf * 16, ndf * 8, sn, bn);
        }
        else if (imageSize == 256)
        {
            img_code_s32 = Blocks.DownBlock(ndf * 8, ndf * 16, sn, bn);
            img_code_s64 = Blocks.DownBlock(ndf * 16, ndf * 32, sn, bn);
            img_code_s64_1 = Blocks.Block3x3LeakyRelu(ndf * 32, ndf * 16, sn, bn);
            img_code_s64_2 = Blocks.Block3x3LeakyRelu(ndf * 16, ndf * 8, sn, bn);
        }
        if (unconditionalHead) UNCOND_DNET = new DiscriminatorLogits(ndf, conditionSize, conditional: false, sn, bn);
        COND_DNET = new DiscriminatorLogits(ndf, conditionSize, conditional: true, sn, bn);
        RegisterComponents();
    }

    /// <summary>Whether the convolutions are followed by BatchNorm (the reference).</summary>
    public bool HasBatchNorm { get; }

    /// <summary>Image size this discriminator reads.</summary>
    public int ImageSize { get; }

    /// <summary>Base width.</summary>
    public int Ndf { get; }

    /// <summary>Sentence size of the conditional head.</summary>
    public int ConditionSize { get; }

    /// <summary>UNCOND_DNET, or null without an unconditional head.</summary>
    public DiscriminatorLogits? Unconditional => UNCOND_DNET;

    /// <summary>COND_DNET.</summary>
    public DiscriminatorLogits Conditional => COND_DNET;

    /// <inheritdoc />
    public bool HasUnconditionalHead => UNCOND_DNET is not null;

    /// <summary>Re-initialises from <paramref name="generator"/>: PyTorch's defaults, then the reference init.</summary>
    public void ResetParameters(Generator generator)
    {
        Initialization.DefaultInit.Reset(this, generator);
        Initialization.ReferenceInit.Apply(this, generator);
    }

    /// <inheritdoc />
    public Tensor Features(Tensor images) => forward(images);

    /// <inheritdoc />
    public Tensor ConditionalLogits(Tensor features, Tensor conditions) => COND_DNET.Logits(features, conditions);

    /// <inheritdoc />
    public Tensor UnconditionalLogits(Tensor features) => (UNCOND_DNET
        ?? throw new InvalidOperationException($"The {ImageSize}-px discriminator has no unconditional head.")).Logits(features, null);

    /// <summary>Run the image encoder on channels-last tensors (<see cref="MemoryFormats"/>): faster with oneDNN on
    /// CPU, equal up to floating-point rounding. Off by default; not part of the state dict.</summary>
    public bool ChannelsLast { get; set; }

    /// <summary>Encodes images [B, 3, S, S] to the code [B, 8·ndf, 4, 4].</summary>
    public override Tensor forward(Tensor image)
    {
        Guard.Shape(image, nameof(image), $"[B, 3, {ImageSize}, {ImageSize}]", -1, 3, ImageSize, ImageSize);
        Guard.Floating(image, nameof(image));
        var x = img_code_s16.forward(ChannelsLast ? MemoryFormats.ToChannelsLast(image) : image);
        if (img_code_s32 is not null) x = img_code_s32.forward(x);
        if (img_code_s32_1 is not null) x = img_code_s32_1.forward(x);
        if (img_code_s64 is not null) x = img_code_s64.forward(x);
        if (img_code_s64_1 is not null) x = img_code_s64_1.forward(x);
        if (img_code_s64_2 is not null) x = img_code_s64_2.forward(x);
        return x;
    }
}
