namespace ZslAttnGan.Vision;

/// <summary>Configuration of an <see cref="ImageEncoder"/>. Defaults are the ZSL-AttnGAN reference values.</summary>
public sealed record ImageEncoderOptions
{
    /// <summary>Size of the region features and the global code (<c>nef</c>; 256, equal to the text embedding size
    /// and, in ZSL-AttnGAN, to <c>GAN.CONDITION_DIM</c>).</summary>
    public int EmbeddingDim { get; init; } = 256;

    /// <summary>The global-code head: <see cref="GlobalCodeHead.ZslTanh"/> (ZSL-AttnGAN, default) or
    /// <see cref="GlobalCodeHead.Linear"/> (original AttnGAN).</summary>
    public GlobalCodeHead GlobalCodeHead { get; init; } = GlobalCodeHead.ZslTanh;

    /// <summary>
    /// <c>align_corners</c> of the bilinear resize to the backbone's input size (Inception-v3: 299 × 299). Default
    /// false, as in the py3 AttnGAN port, the ZSL-AttnGAN seed and current PyTorch. The original AttnGAN (PyTorch
    /// 0.2/0.3 <c>nn.Upsample</c>) behaved like true; choose true to be closest to it. Irrelevant when the input already
    /// has the backbone's size or the backbone does not resize.
    /// </summary>
    public bool AlignCorners { get; init; }

    /// <summary>What the frozen backbone's BatchNorms do in training mode; default
    /// <see cref="TrunkBatchNormMode.Frozen"/> (stay in eval mode). The reference keeps them in train mode during DAMSM
    /// pretraining: <see cref="TrunkBatchNormMode.FollowEncoder"/>.</summary>
    public TrunkBatchNormMode TrunkBatchNorm { get; init; } = TrunkBatchNormMode.Frozen;

    /// <summary>Whether the backbone's parameters are trained; null (default) uses the backbone's own default
    /// (<see cref="ImageBackbone.TrainableByDefault"/>: frozen Inception-v3, trainable small CNN).</summary>
    public bool? TrainBackbone { get; init; }

    /// <summary>ZSL-AttnGAN (the seed): Tanh on the global code.</summary>
    public static ImageEncoderOptions ZslAttnGan => new();

    /// <summary>Original AttnGAN: plain Linear global code.</summary>
    public static ImageEncoderOptions AttnGan => new() { GlobalCodeHead = GlobalCodeHead.Linear };
}
