using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// How spread out a set of images is in some feature space: the mean Euclidean distance over all unordered pairs of
/// feature vectors. The diversity metric compares this figure for images generated from one caption with different
/// seeds against the same figure for real images of the caption's species.
/// </summary>
/// <remarks>
/// The mean over all pairs is an unbiased estimate of E‖x − y‖ for two independent draws of the distribution, whatever
/// the number of vectors, so sets of different sizes (8 seeds, 5 held-out photos) are comparable. Distances, not
/// squared distances: the figure is in the units of the features and a ratio of two of them reads as "how far apart, relatively".
/// </remarks>
public static class FeatureDiversity
{
    /// <summary>Mean of ‖fᵢ − fⱼ‖₂ over the N(N − 1)/2 pairs i &lt; j of the rows of <paramref name="features"/> [N, D]
    /// (any floating dtype and device; computed in float64 on the CPU). 0 when all rows are equal.</summary>
    /// <exception cref="ArgumentException">The features are not [N, D] floating point with N ≥ 2, or hold a NaN or infinity.</exception>
    public static double MeanPairwiseDistance(Tensor features)
    {
        Guard.Shape(features, nameof(features), "[N, D]", -1, -1);
        Guard.Floating(features, nameof(features));
        long n = features.shape[0];
        if (n < 2) throw new ArgumentException($"The mean pairwise distance needs at least two feature vectors; got {n}.", nameof(features));
        using var scope = NewDisposeScope();
        var x = features.detach().to(ScalarType.Float64, CPU);
        if (!x.isfinite().all().item<bool>())
            throw new ArgumentException("The features hold a NaN or infinite value.", nameof(features));
        // Differences row by row rather than via ‖a‖² + ‖b‖² − 2a·b: that form cancels catastrophically for near-equal
        // rows (identical rows must give exactly 0), and N is small here (tens of images).
        double total = 0;
        for (long i = 0; i < n - 1; i++)
        {
            using var inner = NewDisposeScope();
            var rest = x.narrow(0, i + 1, n - i - 1);
            total += (rest - x[i].unsqueeze(0)).square().sum(1).sqrt().sum().item<double>();
        }
        return total / (n * (n - 1) / 2.0);
    }
}
