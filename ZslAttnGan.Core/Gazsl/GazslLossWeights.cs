namespace ZslAttnGan.Gazsl;

/// <summary>
/// Weights of GAZSL's loss terms. The defaults are <c>train_CUB.py</c>'s (also NAB); <see cref="Gbu"/> gives
/// <c>train_GBU.py</c>'s.
/// </summary>
/// <param name="GradientPenalty">λ of the WGAN-GP penalty (<c>GP_LAMBDA</c>, 10).</param>
/// <param name="Centroid">Weight of the visual-pivot loss (<c>CENT_LAMBDA</c>: 1; GBU 5).</param>
/// <param name="WeightL2">Weight of Σ w² over the generator's weights (<c>REG_W_LAMBDA</c>, 0.001).</param>
/// <param name="TextL21">Weight of the L2,1 norm of the text-reduction weight's columns (<c>REG_Wz_LAMBDA</c>:
/// 0.0001; GBU has no such layer: 0).</param>
/// <param name="Adversarial">Factor on the critic's WGAN + classification terms, the penalty and the generator's
/// GAN + classification term (<c>Adv_LAMBDA</c>, GBU only, 1).</param>
/// <param name="Singletons">Treatment of a class with one sample in the centroid loss; the default fixes the
/// reference's bug.</param>
public sealed record GazslLossWeights(
    double GradientPenalty = 10,
    double Centroid = 1,
    double WeightL2 = 0.001,
    double TextL21 = 0.0001,
    double Adversarial = 1,
    CentroidSingletonMode Singletons = CentroidSingletonMode.Fixed)
{
    /// <summary><c>train_CUB.py</c> / <c>train_NAB.py</c>.</summary>
    public static GazslLossWeights Cub { get; } = new();

    /// <summary><c>train_GBU.py</c>: centroid weight 5, no L2,1 term. (The reference gates its centroid term on
    /// <c>REG_W_LAMBDA</c> instead of <c>CENT_LAMBDA</c>; with its values both are non-zero, so gating on
    /// <see cref="Centroid"/> here gives the same loss.)</summary>
    public static GazslLossWeights Gbu { get; } = new(Centroid: 5, TextL21: 0);

    internal void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(GradientPenalty), GradientPenalty), (nameof(Centroid), Centroid),
                     (nameof(WeightL2), WeightL2), (nameof(TextL21), TextL21), (nameof(Adversarial), Adversarial) })
        {
            if (!double.IsFinite(value) || value < 0)
                throw new ArgumentException($"GazslLossWeights.{name} must be finite and non-negative but is {value}.", name);
        }
        if (!Enum.IsDefined(Singletons))
            throw new ArgumentException($"GazslLossWeights.Singletons has the undefined value {(int)Singletons}.", nameof(Singletons));
    }
}
