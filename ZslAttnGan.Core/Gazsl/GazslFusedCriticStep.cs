using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// The gradients of GAZSL's critic objective for a one-hidden-layer <see cref="ZslDiscriminator"/>, computed with
/// fewer large matrix products than the reference's three backward passes and double back-propagation
/// (<see cref="GazslStepAlgorithm.Fused"/>). Same objective, same gradients up to float rounding.
/// </summary>
/// <remarks>
/// With h = W₁x + b₁, a = ReLU(h), score s = w·a + c, the critic's input gradient is g = W₁ᵀ(w ⊙ m) with the mask
/// m = [h &gt; 0]. Three facts make the step cheaper, each removing one [B × X]·[X × H] product:
/// <list type="bullet">
/// <item>The real and the fake batch go through the critic as one batch of 2B rows, and one backward pass gives the
/// weight gradient of both loss terms (the reference runs two).</item>
/// <item>The interpolate x̂ = αx + (1 − α)x̃ needs no forward product: ĥ = αh + (1 − α)h̃, since α + (1 − α) = 1
/// carries the bias through.</item>
/// <item>The penalty P = λ·mean(‖gᵢ‖ − 1)² depends on W₁ and w only through g (the mask's derivative is zero almost
/// everywhere). With rᵢ = ∂P/∂gᵢ and Q = Mᵀ R: ∂P/∂W₁ = diag(w)·Q and ∂P/∂w = rowsum(W₁ ⊙ Q), one product for both
/// (double back-propagation computes Uᵀ R and W₁ Rᵀ separately, and back-propagates zeros through the mask).</item>
/// </list>
/// A mask entry can differ from the reference's where |ĥ| is at rounding level; that changes one row's gradient by a
/// term of the same order.
/// </remarks>
internal static class GazslFusedCriticStep
{
    /// <summary>Fills the critic's gradients with those of Adv·(CE(k(x), y) − mean s(x) + mean s(x̃) + CE(k(x̃), y)
    /// + λ·GP) and returns what the step computed, as the reference step does.</summary>
    /// <param name="critic">The critic; its gradients must be clear.</param>
    /// <param name="batch">The real batch.</param>
    /// <param name="fake">The generated batch, detached.</param>
    /// <param name="alpha">Interpolation coefficients [B, 1].</param>
    /// <param name="weights">Loss weights.</param>
    /// <param name="observed">Whether the trace will be read: the interpolates and their scores, which the gradients do
    /// not need, are computed only then (otherwise the trace holds empty tensors for them).</param>
    public static GazslCriticTrace Run(ZslDiscriminator critic, GazslBatch batch, Tensor fake, Tensor alpha, GazslLossWeights weights, bool observed)
    {
        var w = critic.Weights;
        long b = batch.Size;
        double adv = weights.Adversarial;

        // The loss terms, real and fake rows in one pass; autograd back-propagates the small heads and the hidden layer.
        var both = cat(new[] { batch.Features.detach(), fake }, 0);
        var hidden = nn.functional.linear(both, w.HiddenWeight, w.HiddenBias);
        var active = nn.functional.relu(hidden);
        var scores = nn.functional.linear(active, w.RealnessWeight, w.RealnessBias);
        var logits = nn.functional.linear(active, w.ClassWeight, w.ClassBias);
        var realScores = scores.narrow(0, 0, b);
        var fakeScores = scores.narrow(0, b, b);
        var realLogits = logits.narrow(0, 0, b);
        var fakeLogits = logits.narrow(0, b, b);
        var dLossReal = realScores.mean();
        var cLossReal = nn.functional.cross_entropy(realLogits, batch.Labels);
        var dLossFake = fakeScores.mean();
        var cLossFake = nn.functional.cross_entropy(fakeLogits, batch.Labels);
        var realPart = (cLossReal - dLossReal).Times(adv);
        var fakePart = dLossFake.Plus(cLossFake).Times(adv);
        var lossTerms = realPart.Plus(fakePart);
        lossTerms.backward();

        var penalty = Penalty(w, hidden.detach(), batch.Features, fake, alpha, weights.GradientPenalty * adv, observed);
        var weightedPenalty = penalty.Penalty.Times(weights.GradientPenalty).Times(adv);
        var total = lossTerms.Plus(weightedPenalty).detach();
        return new GazslCriticTrace(realScores.detach(), realLogits.detach(), dLossReal, cLossReal, fake, fakeScores.detach(),
            fakeLogits.detach(), dLossFake, cLossFake, penalty, weightedPenalty, total);
    }

    /// <summary>The penalty at the interpolates, its value and terms, with λ·Adv·∂P/∂θ added to the critic's gradients.</summary>
    private static GradientPenaltyTerms Penalty(ZslDiscriminatorWeights w, Tensor hidden, Tensor real, Tensor fake, Tensor alpha, double scale, bool observed)
    {
        long b = real.shape[0];
        using var noGrad = no_grad();
        var oneMinusAlpha = alpha.neg().Plus(1.0);
        // ĥ = α·h(x) + (1 − α)·h(x̃): the hidden pre-activation of the interpolates without a forward product.
        var interpolatedHidden = (alpha * hidden.narrow(0, 0, b)).Plus(oneMinusAlpha * hidden.narrow(0, b, b));
        var mask = interpolatedHidden.gt(Scalars.S(0.0)).to_type(hidden.dtype);
        var realnessRow = w.RealnessWeight.detach();                                // [1, H]
        var upstream = mask * realnessRow;                                           // u = w ⊙ m, [B, H]
        var gradients = upstream.matmul(w.HiddenWeight.detach());                    // g = W₁ᵀu per row, [B, X]
        var norms = gradients.norm(1);
        var penalty = norms.Minus(1.0).square().mean();

        // r = scale · ∂ mean(‖g‖ − 1)² / ∂g = scale · 2(‖g‖ − 1)/(B‖g‖) · g; a zero gradient row contributes nothing
        // (as PyTorch's norm backward gives at 0).
        var safeNorms = norms.clamp_min(Scalars.S(1e-30));
        var coefficient = norms.Minus(1.0).div(safeNorms).Times(2.0 * scale / b).masked_fill(norms.eq(Scalars.S(0.0)), Scalars.S(0.0));
        var r = gradients * coefficient.unsqueeze(1);
        var q = mask.t().matmul(r);                                                  // Q = Mᵀ R, [H, X]
        w.HiddenWeight.grad!.addcmul_(q, realnessRow.t(), value: Scalars.S(1.0));    // += diag(w)·Q
        // += rowsum(W₁ ⊙ Q), as one batched dot product per row (no [H, X] temporary).
        var rowDots = w.HiddenWeight.detach().unsqueeze(1).bmm(q.unsqueeze(2));       // [H, 1, 1]
        w.RealnessWeight.grad!.add_(rowDots.reshape(1, -1), alpha: Scalars.S(1.0));

        // What the reference also exposes, for observers: the interpolates and their scores.
        var interpolates = observed ? (alpha * real.detach()).Plus(oneMinusAlpha * fake) : empty(0);
        var interpolatedScores = observed
            ? nn.functional.linear(nn.functional.relu(interpolatedHidden), w.RealnessWeight.detach(), w.RealnessBias.detach())
            : empty(0);
        return new GradientPenaltyTerms(penalty, interpolates, interpolatedScores, gradients, norms);
    }
}
