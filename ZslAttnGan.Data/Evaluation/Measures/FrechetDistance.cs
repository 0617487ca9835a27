using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// The Fréchet distance between two Gaussians, d² = ‖μ₁ − μ₂‖² + Tr(Σ₁) + Tr(Σ₂) − 2·Tr((Σ₁Σ₂)^½), in double precision.
/// </summary>
/// <remarks>
/// <para>The trace of the matrix square root is computed in the symmetric form
/// Tr((Σ₁Σ₂)^½) = Tr((√Σ₁ · Σ₂ · √Σ₁)^½): √Σ₁ comes from the eigendecomposition of Σ₁, and the middle product is
/// symmetric positive semi-definite, so its square root's trace is the sum of the square roots of its eigenvalues (both
/// decompositions with <c>torch.linalg.eigh</c> in float64). The two forms have the same eigenvalues because Σ₁Σ₂ is
/// similar to √Σ₁Σ₂√Σ₁. Unlike scipy's <c>sqrtm</c> on the non-symmetric product (which pytorch-fid uses, with an ε·I
/// retry when it fails), this never produces complex values or NaN for the rank-deficient covariances one gets from
/// fewer samples than dimensions.</para>
/// <para>Eigenvalues that rounding makes slightly negative (|λ| tiny, true value 0) are clamped to 0 before the square
/// root, and a final d² that rounding makes slightly negative (identical statistics) is reported as 0.</para>
/// </remarks>
public static class FrechetDistance
{
    /// <summary>The Fréchet distance between the Gaussians of two feature sets.</summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    /// <exception cref="InvalidOperationException">A set has fewer than two vectors.</exception>
    public static double Compute(FeatureStatistics first, FeatureStatistics second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Dimension != second.Dimension)
            throw new ArgumentException($"The statistics have different dimensions ({first.Dimension} and {second.Dimension}).", nameof(second));
        using var scope = NewDisposeScope();
        return Compute(first.Mean(), first.Covariance(), second.Mean(), second.Covariance());
    }

    /// <summary>The Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂) (any floating dtype; computed in float64 on the CPU).</summary>
    /// <param name="mean1">μ₁ [D].</param>
    /// <param name="cov1">Σ₁ [D, D], symmetric positive semi-definite.</param>
    /// <param name="mean2">μ₂ [D].</param>
    /// <param name="cov2">Σ₂ [D, D], symmetric positive semi-definite.</param>
    /// <exception cref="ArgumentException">A shape does not fit.</exception>
    public static double Compute(Tensor mean1, Tensor cov1, Tensor mean2, Tensor cov2)
    {
        Guard.Shape(mean1, nameof(mean1), "[D]", -1);
        long d = mean1.shape[0];
        Guard.Shape(mean2, nameof(mean2), $"[{d}]", d);
        Guard.Shape(cov1, nameof(cov1), $"[{d}, {d}]", d, d);
        Guard.Shape(cov2, nameof(cov2), $"[{d}, {d}]", d, d);
        using var scope = NewDisposeScope();
        var m1 = mean1.to(ScalarType.Float64, CPU);
        var m2 = mean2.to(ScalarType.Float64, CPU);
        var s1 = Symmetric(cov1.to(ScalarType.Float64, CPU));
        var s2 = Symmetric(cov2.to(ScalarType.Float64, CPU));

        var diff = m1 - m2;
        double meanTerm = diff.dot(diff).item<double>();
        var root1 = SymmetricSqrt(s1);
        var middle = Symmetric(root1.matmul(s2).matmul(root1));
        var eigen = linalg.eigvalsh(middle).clamp_min(Scalars.S(0));
        double traceSqrt = eigen.sqrt().sum().item<double>();
        double result = meanTerm + s1.trace().item<double>() + s2.trace().item<double>() - 2 * traceSqrt;
        return Math.Max(0, result);
    }

    /// <summary>Tr((AB)^½) for symmetric positive semi-definite A and B, by the symmetric form above (float64).</summary>
    public static double TraceOfSqrtProduct(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var root = SymmetricSqrt(Symmetric(a.to(ScalarType.Float64, CPU)));
        var middle = Symmetric(root.matmul(b.to(ScalarType.Float64, CPU)).matmul(root));
        return linalg.eigvalsh(middle).clamp_min(Scalars.S(0)).sqrt().sum().item<double>();
    }

    /// <summary>√S of a symmetric PSD matrix: V·diag(√max(λ, 0))·Vᵀ.</summary>
    private static Tensor SymmetricSqrt(Tensor s)
    {
        var (values, vectors) = linalg.eigh(s);
        var roots = values.clamp_min(Scalars.S(0)).sqrt();
        return (vectors * roots.unsqueeze(0)).matmul(vectors.t());
    }

    // Sample covariances and products of symmetric matrices are symmetric only up to rounding; eigh reads one triangle,
    // so symmetrise explicitly rather than let it silently ignore the other.
    private static Tensor Symmetric(Tensor s) => s.Plus(s.t()).Times(0.5);
}
