using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>What an <see cref="ImageBackbone"/> produces for a batch of images.</summary>
/// <param name="Regions">The region feature map [B, <see cref="ImageBackbone.RegionChannels"/>, g, g] with
/// g = <see cref="ImageBackbone.RegionGridSize"/> (Mixed_6e, 768 × 17 × 17, for Inception-v3).</param>
/// <param name="Pooled">The globally pooled vector [B, <see cref="ImageBackbone.PooledChannels"/>] (the 8 × 8
/// average-pooled Mixed_7c output, 2048 values, for Inception-v3).</param>
public sealed record BackboneFeatures(Tensor Regions, Tensor Pooled);
