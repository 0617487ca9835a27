using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// Everything a critic sub-step computed, handed to an observer after the backward passes and before the optimiser
/// step (the critic's gradients are then on its parameters). The tensors belong to the step's dispose scope and are
/// freed when the step returns: copy what must outlive the callback.
/// </summary>
/// <param name="RealScores">critic score of the real batch [B, 1].</param>
/// <param name="RealLogits">class logits of the real batch [B, C_s].</param>
/// <param name="DLossReal">mean of <paramref name="RealScores"/>.</param>
/// <param name="CLossReal">CE of <paramref name="RealLogits"/>.</param>
/// <param name="Fake">generated batch (detached) [B, X].</param>
/// <param name="FakeScores">critic score of the generated batch [B, 1].</param>
/// <param name="FakeLogits">class logits of the generated batch.</param>
/// <param name="DLossFake">mean of <paramref name="FakeScores"/>.</param>
/// <param name="CLossFake">CE of <paramref name="FakeLogits"/>.</param>
/// <param name="Penalty">penalty terms; <see cref="GradientPenalty"/> is the weighted value that was back-propagated.</param>
/// <param name="GradientPenalty">λ·Adv·penalty.</param>
/// <param name="Total">the whole critic objective whose gradient the critic received.</param>
public sealed record GazslCriticTrace(Tensor RealScores, Tensor RealLogits, Tensor DLossReal, Tensor CLossReal,
    Tensor Fake, Tensor FakeScores, Tensor FakeLogits, Tensor DLossFake, Tensor CLossFake,
    GradientPenaltyTerms Penalty, Tensor GradientPenalty, Tensor Total);

/// <summary>
/// Everything a generator sub-step computed, handed to an observer after backward and before the optimiser step (the
/// generator's gradients are then on its parameters). Same lifetime rule as <see cref="GazslCriticTrace"/>.
/// </summary>
/// <param name="Fake">generated batch (with graph) [B, X].</param>
/// <param name="FakeScores">critic score of the generated batch [B, 1].</param>
/// <param name="FakeLogits">class logits of the generated batch.</param>
/// <param name="RealLogits">class logits of the real batch.</param>
/// <param name="GLoss">mean of <paramref name="FakeScores"/>.</param>
/// <param name="CeReal">CE on the real batch.</param>
/// <param name="CeFake">CE on the generated batch.</param>
/// <param name="CLoss">(CeReal + CeFake) / 2.</param>
/// <param name="GcLoss">Adv·(−GLoss + CLoss).</param>
/// <param name="Pivot">unweighted visual-pivot terms (null when its weight is 0).</param>
/// <param name="EuclideanLoss">weighted pivot term.</param>
/// <param name="RegLoss">weighted Σ w².</param>
/// <param name="RegWzLoss">weighted L2,1.</param>
/// <param name="AllLoss">the back-propagated total.</param>
public sealed record GazslGeneratorTrace(Tensor Fake, Tensor FakeScores, Tensor FakeLogits, Tensor RealLogits,
    Tensor GLoss, Tensor CeReal, Tensor CeFake, Tensor CLoss, Tensor GcLoss, VisualPivotTerms? Pivot,
    Tensor EuclideanLoss, Tensor RegLoss, Tensor RegWzLoss, Tensor AllLoss);
