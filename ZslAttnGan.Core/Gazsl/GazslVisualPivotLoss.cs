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
    /// <param name="fake">Generated features [B, X] (this rank's rows in a data-parallel run).</param>
    /// <param name="labels">Their classes [B].</param>
    /// <param name="centroids">Real class centroids [C_s, X].</param>
    /// <param name="singletons">How a class with one sample is treated.</param>
    /// <param name="group">The ranks sharing the batch (null = one process): class sums and counts are summed over the
    /// ranks, so the loss is the whole batch's on every rank, and its gradient is scaled so that the averaged gradient
    /// equals one process's.</param>
    public static VisualPivotTerms Compute(Tensor fake, Tensor labels, Tensor centroids,
                                           CentroidSingletonMode singletons = CentroidSingletonMode.Fixed,
                                           Collectives.IProcessGroup? group = null)
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
        int ranks = group?.Size ?? 1;
        if (ranks > 1)
        {
            // The whole batch's class sums and counts: the value is global, the gradient flows through this rank's own
            // rows only (the other ranks' part enters detached).
            var allSums = sums.detach().clone();
            counts = counts.clone();
            group!.AllReduceSum([allSums, counts]);
            sums = sums.Plus(allSums - sums.detach());
            present = counts.gt(Scalars.S(0));
        }
        var means = sums / counts.clamp_min(Scalars.S(1)).unsqueeze(1);
        if (singletons == CentroidSingletonMode.Reference)
        {
            // The reference's 0-dim index: a singleton's "mean" is the mean over its features, broadcast.
            var featureMeans = means.mean(new long[] { 1 }, keepdim: true).expand_as(means);
            means = where(counts.eq(Scalars.S(1)).unsqueeze(1), featureMeans, means);
        }
        var distances = (means - centroids).norm(1);
        distances = where(present, distances, zeros_like(distances));
        var loss = distances.sum().DividedBy(classes);
        // Every rank back-propagates the global loss into its own rows; averaging the ranks' gradients then divides by
        // the number of ranks, which this term (unlike the per-row means) must not suffer: scale its gradient, not its value.
        if (ranks > 1) loss = loss.Plus((loss - loss.detach()).Times(ranks - 1));
        return new VisualPivotTerms(loss, distances);
    }
}
