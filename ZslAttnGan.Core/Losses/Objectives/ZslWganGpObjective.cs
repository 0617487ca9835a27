using ZslAttnGan.Components;
using static TorchSharp.torch;

namespace ZslAttnGan.Losses;

/// <summary>ZSL-GAN's objective: WGAN critic scores with a gradient penalty and auxiliary class cross-entropy, several
/// critic updates per encoder update (zslgan.md §2.3–2.4). Selected by <see cref="Training.ZslLossKind.WganGp"/>.</summary>
/// <param name="penaltyWeight">λ of the gradient penalty (10).</param>
/// <param name="criticIterations">Critic updates per encoder update (ZSL-GAN: 5).</param>
public sealed class ZslWganGpObjective(double penaltyWeight = 10, int criticIterations = 5) : IZslObjective
{
    /// <inheritdoc />
    public string Name => "wgan_gp";

    /// <summary>λ of the gradient penalty.</summary>
    public double PenaltyWeight { get; } = penaltyWeight >= 0 && double.IsFinite(penaltyWeight) ? penaltyWeight
        : throw new ArgumentOutOfRangeException(nameof(penaltyWeight), penaltyWeight, "The penalty weight must be finite and ≥ 0.");

    /// <inheritdoc />
    public int CriticIterations { get; } = criticIterations >= 1 ? criticIterations
        : throw new ArgumentOutOfRangeException(nameof(criticIterations), criticIterations, "At least one critic iteration.");

    /// <inheritdoc />
    public Tensor EncoderLoss(IZslCritic critic, Tensor imageCodes, Tensor sentenceCodes, Tensor classIds) =>
        ZslLosses.WganGenerator(critic, imageCodes, sentenceCodes, classIds);

    /// <inheritdoc />
    public Tensor CriticLoss(IZslCritic critic, Tensor imageCodes, Tensor sentenceCodes, Tensor classIds, Generator? generator) =>
        ZslLosses.WganCritic(critic, imageCodes, sentenceCodes, classIds, PenaltyWeight, generator);

    /// <inheritdoc />
    public Tensor GeneratedImageLoss(IZslCritic critic, Tensor imageCodes, Tensor classIds) =>
        ZslLosses.WganGeneratedImage(critic, imageCodes, classIds);
}
