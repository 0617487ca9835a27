namespace ZslAttnGan.Gazsl;

/// <summary>Loss values of one critic sub-step (the reference's names).</summary>
/// <param name="DLossReal">mean critic score of the real batch.</param>
/// <param name="CLossReal">cross-entropy of the class head on the real batch.</param>
/// <param name="DLossFake">mean critic score of the generated batch.</param>
/// <param name="CLossFake">cross-entropy on the generated batch.</param>
/// <param name="GradientPenalty">λ·mean (‖g‖ − 1)² (times the adversarial weight).</param>
public sealed record GazslCriticLosses(double DLossReal, double CLossReal, double DLossFake, double CLossFake, double GradientPenalty)
{
    /// <summary>The logged Wasserstein estimate D_loss_real − D_loss_fake.</summary>
    public double WassersteinDistance => DLossReal - DLossFake;
}

/// <summary>Loss values of one generator sub-step (the reference's names).</summary>
/// <param name="GLoss">mean critic score of the generated batch (the adversarial term is −GLoss).</param>
/// <param name="CLoss">(CE on real + CE on generated) / 2.</param>
/// <param name="EuclideanLoss">weighted visual-pivot term.</param>
/// <param name="RegLoss">weighted Σ w² over the generator's weights.</param>
/// <param name="RegWzLoss">weighted L2,1 of the text-reduction weight (0 without that layer or weight).</param>
/// <param name="AllLoss">what was back-propagated: Adv·(−GLoss + CLoss) + the three regularisers.</param>
public sealed record GazslGeneratorLosses(double GLoss, double CLoss, double EuclideanLoss, double RegLoss, double RegWzLoss, double AllLoss);

/// <summary>Loss values of one outer iteration: the critic sub-steps in order, then the generator sub-step.</summary>
public sealed record GazslIterationLosses(IReadOnlyList<GazslCriticLosses> Critic, GazslGeneratorLosses Generator);
