using ZslAttnGan.Components;
using static TorchSharp.torch;

namespace ZslAttnGan.Losses;

/// <summary>The seed's ZSL objective: BCE with logits on the critic's realness (label 0 = real image code, 1 = generated
/// sentence code) plus class cross-entropy (zslgan.md §5.6–5.7). Selected by <see cref="Training.ZslLossKind.Bce"/>.</summary>
public sealed class ZslBceObjective(int criticIterations = 1) : IZslObjective
{
    /// <inheritdoc />
    public string Name => "bce";

    /// <inheritdoc />
    public int CriticIterations { get; } = criticIterations >= 1 ? criticIterations
        : throw new ArgumentOutOfRangeException(nameof(criticIterations), criticIterations, "At least one critic iteration.");

    /// <inheritdoc />
    public Tensor EncoderLoss(IZslCritic critic, Tensor imageCodes, Tensor sentenceCodes, Tensor classIds) =>
        ZslLosses.BceEncoderSide(critic, imageCodes, sentenceCodes, classIds);

    /// <inheritdoc />
    public Tensor CriticLoss(IZslCritic critic, Tensor imageCodes, Tensor sentenceCodes, Tensor classIds, Generator? generator) =>
        ZslLosses.BceDiscriminatorSide(critic, imageCodes, sentenceCodes, classIds);

    /// <inheritdoc />
    public Tensor GeneratedImageLoss(IZslCritic critic, Tensor imageCodes, Tensor classIds) =>
        ZslLosses.BceGeneratedImage(critic, imageCodes, classIds);
}
