using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>The output of an <see cref="ImageEncoder"/>.</summary>
/// <param name="Regions">Region features [B, D, g, g] (D = <see cref="ImageEncoderOptions.EmbeddingDim"/>; g = 17
/// for Inception-v3), the reference's <c>features</c>, compared with word features by DAMSM.</param>
/// <param name="Code">Global image code [B, D], the reference's <c>cnn_code</c> (in ZSL-AttnGAN also the "real"
/// visual feature the ZSL discriminator sees).</param>
public sealed record ImageEncoding(Tensor Regions, Tensor Code);
