namespace ZslAttnGan.Gazsl;

/// <summary>How <see cref="GazslSteps"/> computes the critic's gradients. Both give the same objective and the same
/// gradients up to float rounding (the parity fixtures pass with either); they differ in work.</summary>
public enum GazslStepAlgorithm
{
    /// <summary>The default: real and fake rows in one pass, the interpolates' hidden layer interpolated instead of
    /// recomputed, and the gradient penalty's parameter gradients in closed form (see <c>docs/gazsl.md</c>, "Speed");
    /// about 40 % fewer large matrix products per critic step. Needs the one-hidden-layer <see cref="Zsl.ZslDiscriminator"/>.</summary>
    Fused,

    /// <summary>The original's passes: separate backward passes for the real term, the fake term and the penalty,
    /// the penalty through double back-propagation (<c>autograd.grad</c> with <c>create_graph</c>).</summary>
    Reference,
}
