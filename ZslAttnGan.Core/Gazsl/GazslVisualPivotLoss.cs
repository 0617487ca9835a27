using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>The visual-pivot (centroid) loss and its per-class distances (live in the caller's dispose scope).</summary>
/// <param name="Loss">(1/C_s)·Σ_c dist_c (not multiplied by the centroid weight), scalar.</param>
/// <param name="ClassDistances">dist_c [C_s]: ‖mean of the generated features of class c − μ_c‖₂, 0 for a class
/// absent from the batch.</param>
public sealed record VisualPivotTerms(Tensor Loss, Tensor ClassDistances);

/// <summary>
/// GAZSL's visual-pivot regulariser: the mean generated feature of each seen class present in the batch should sit at
/// that class's real centroid μ_c. Plain Euclidean norm (not squared); classes absent from the batch add 0 but the
/// divisor stays the number of seen classes C_s, as in the reference.
/// </summary>
public static class GazslVisualPivotLoss
{
    /// <summary>Computes the loss of <paramref name="fake"/> [B, X] with labels [B] (int64 in 0..C_s−1) against
    /// <paramref name="centroids"/> [C_s, X].</summary>
    /// <exception cref="ArgumentException">Shapes, dtypes or label range do not fit.</exception>
    public static VisualPivotTerms Compute(Tensor fake, Tensor labels, Tensor centroids,
                                           CentroidSingletonMode singletons = CentroidSingletonMode.Fixed)
    {
        Guard.Shape(fake, nameof(fake), "[B, X]", -1, -1);
        Guard.Floating(fake, nameof(fake));
        Guard.Shape(labels, nameof(labels), $"[{fake.shape[0]}] (int64)", fake.shape[0]);
        Guard.DType(labels, nameof(labels), ScalarType.Int64);
        Guard.Shape(centroids, nameof(centroids), $"[C_s, {fake.shape[1]}]", -1, fake.shape[1]);
        Guard.Floating(centroids, nameof(centroids));
        long classes = centroids.shape[0];
        if (classes == 0) throw new ArgumentException("centroids must have at least one class row.", nameof(centroids));
        GazslLabels.CheckRange(labels, nameof(labels), classes);

        var onehot = nn.functional.one_hot(labels, classes).to(fake.dtype);        // [B, C]
        var counts = onehot.sum(new long[] { 0 });                                                 // [C]
        var present = counts.gt(Scalars.S(0));
        // Class means by one matmul; absent classes divide by 1 (not 0) so that no NaN reaches the gradient.
        var sums = onehot.t().matmul(fake);                                         // [C, X]
        var means = sums / counts.clamp_min(Scalars.S(1)).unsqueeze(1);
        if (singletons == CentroidSingletonMode.Reference)
        {
            // The reference's 0-dim index: a singleton's "mean" is the mean over its features, broadcast.
            var featureMeans = means.mean(new long[] { 1 }, keepdim: true).expand_as(means);
            means = where(counts.eq(Scalars.S(1)).unsqueeze(1), featureMeans, means);
        }
        var distances = (means - centroids).norm(1);
        distances = where(present, distances, zeros_like(distances));
        return new VisualPivotTerms(distances.sum().DividedBy(classes), distances);
    }
}
