using ZslAttnGan.Components;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>The WGAN-GP penalty and the tensors it was computed from (all live in the caller's dispose scope).</summary>
/// <param name="Penalty">mean_i (‖g_i‖₂ − 1)², NOT multiplied by λ; from <see cref="GazslGradientPenalty.Compute"/>
/// differentiable w.r.t. the critic (double backprop); in a <see cref="GazslStepAlgorithm.Fused"/> step's trace a value
/// only (that step adds the penalty's gradients in closed form).</param>
/// <param name="Interpolates">x̂ = α·real + (1 − α)·fake [B, X].</param>
/// <param name="Scores">The critic's score at x̂ [B, 1].</param>
/// <param name="Gradients">g = ∂ Σ score / ∂ x̂ [B, X] (with graph from <see cref="GazslGradientPenalty.Compute"/>).</param>
/// <param name="GradientNorms">‖g_i‖₂ [B].</param>
public sealed record GradientPenaltyTerms(Tensor Penalty, Tensor Interpolates, Tensor Scores, Tensor Gradients, Tensor GradientNorms);

/// <summary>WGAN-GP (Gulrajani et al.) as GAZSL's <c>calc_gradient_penalty</c> computes it, with the interpolation
/// coefficients given (so the randomness belongs to the caller).</summary>
public static class GazslGradientPenalty
{
    /// <summary>
    /// The penalty at x̂ = α·real + (1 − α)·fake, α [B, 1] broadcast over the features. Gradients are taken of the
    /// critic's score only (the class head is not involved), per row, with <c>create_graph</c> so that backward on
    /// <see cref="GradientPenaltyTerms.Penalty"/> reaches the critic's parameters. real and fake are detached.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not fit [B, critic.InFeatures] and [B, 1].</exception>
    public static GradientPenaltyTerms Compute(IZslCritic critic, Tensor real, Tensor fake, Tensor alpha)
    {
        ArgumentNullException.ThrowIfNull(critic);
        Guard.Shape(real, nameof(real), $"[B, {critic.InFeatures}]", -1, critic.InFeatures);
        Guard.Floating(real, nameof(real));
        Guard.Shape(fake, nameof(fake), $"[{real.shape[0]}, {critic.InFeatures}]", real.shape[0], critic.InFeatures);
        Guard.Shape(alpha, nameof(alpha), $"[{real.shape[0]}, 1]", real.shape[0], 1);
        Guard.Floating(alpha, nameof(alpha));
        // Written as the reference writes it (alpha*real + (1-alpha)*fake) rather than lerp, for the same rounding.
        var weightedReal = alpha * real.detach();
        var oneMinusAlpha = alpha.neg().Plus(1.0);
        var weightedFake = oneMinusAlpha * fake.detach();
        var interpolates = weightedReal.Plus(weightedFake).detach().requires_grad_(true);
        var scores = critic.Realness(interpolates);
        var total = scores.sum();
        var gradients = autograd.grad(new[] { total }, new[] { interpolates }, retain_graph: true, create_graph: true)[0];
        var norms = gradients.norm(1);
        var penalty = norms.Minus(1.0).square().mean();
        return new GradientPenaltyTerms(penalty, interpolates, scores, gradients, norms);
    }
}
