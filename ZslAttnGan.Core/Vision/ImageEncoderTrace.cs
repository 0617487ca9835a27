using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>Every stage of an <see cref="ImageEncoder"/> forward pass, for tests and debugging.</summary>
/// <param name="Input">The backbone's input: the image after the resize (Inception-v3: [B, 3, 299, 299]), or the image
/// itself when no resize happens.</param>
/// <param name="BackboneRegions">The backbone's region map (Inception-v3: Mixed_6e, [B, 768, 17, 17]).</param>
/// <param name="Pooled">The backbone's pooled vector (Inception-v3: [B, 2048]).</param>
/// <param name="Regions">Region features [B, D, g, g] after <c>emb_features</c>.</param>
/// <param name="Code">Global code [B, D] after <c>emb_cnn_code</c> (and Tanh in ZSL mode).</param>
public sealed record ImageEncoderTrace(Tensor Input, Tensor BackboneRegions, Tensor Pooled, Tensor Regions, Tensor Code);
