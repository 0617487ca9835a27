using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>Inputs of one critic sub-step: batch, noise z [B, NoiseSize] and GP coefficients α [B, 1].</summary>
public sealed record GazslCriticInput(GazslBatch Batch, Tensor Noise, Tensor Alpha);

/// <summary>Inputs of one generator sub-step: batch and noise z [B, NoiseSize].</summary>
public sealed record GazslGeneratorInput(GazslBatch Batch, Tensor Noise);
