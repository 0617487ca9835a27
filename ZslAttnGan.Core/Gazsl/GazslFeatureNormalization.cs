using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>What the training features are divided by after subtracting their mean.</summary>
public enum FeatureScale
{
    /// <summary>The population variance, as the reference (<c>dataset.py</c>) does.</summary>
    Variance = 0,

    /// <summary>The population standard deviation (the usual standardisation; not the reference).</summary>
    StandardDeviation = 1,
}

/// <summary>Normalised features and the statistics used (tensors owned by the caller).</summary>
/// <param name="Mean">scalar mean over every entry of the training matrix.</param>
/// <param name="Variance">scalar population variance (ddof 0) over every entry.</param>
/// <param name="Divisor">what was divided by: <paramref name="Variance"/> or its square root.</param>
/// <param name="Train">(train − mean) / divisor.</param>
/// <param name="Test">(test − mean) / divisor (training statistics).</param>
/// <param name="ClassCentroids">mean of the normalised training rows of each class [classes, X]; zero rows for
/// classes without training rows (the reference leaves NaN there; no loss ever reads those rows).</param>
public sealed record NormalizedFeatures(double Mean, double Variance, double Divisor, Tensor Train, Tensor Test, Tensor ClassCentroids);

/// <summary>
/// GAZSL's CUB/NAB feature normalisation (<c>LoadDataset</c>): ONE scalar mean and ONE scalar population variance
/// over all entries of the training matrix (not per dimension); train and test become (X − mean) / var; class
/// centroids μ_c are the per-class means of the normalised training rows (the visual pivots of the centroid loss).
/// </summary>
public static class GazslFeatureNormalization
{
    /// <summary>Normalises <paramref name="train"/> [N_tr, X] and <paramref name="test"/> [N_te, X] with the training
    /// statistics and computes the centroids of <paramref name="classCount"/> classes from
    /// <paramref name="trainLabels"/> [N_tr] (int64, 0-based). Statistics are accumulated in float64; the results
    /// have the inputs' dtype.</summary>
    /// <exception cref="ArgumentException">Shapes, dtypes or labels do not fit, or the training matrix is constant
    /// (variance 0) or not finite.</exception>
    public static NormalizedFeatures Normalize(Tensor train, Tensor test, Tensor trainLabels, int classCount,
                                               FeatureScale scale = FeatureScale.Variance)
    {
        Guard.Shape(train, nameof(train), "[N_tr, X]", -1, -1);
        Guard.Floating(train, nameof(train));
        if (train.numel() == 0) throw new ArgumentException($"train must not be empty but has shape {Guard.Shape(train)}.", nameof(train));
        Guard.Shape(test, nameof(test), $"[N_te, {train.shape[1]}]", -1, train.shape[1]);
        Guard.Floating(test, nameof(test));
        Guard.Shape(trainLabels, nameof(trainLabels), $"[{train.shape[0]}] (int64)", train.shape[0]);
        Guard.DType(trainLabels, nameof(trainLabels), ScalarType.Int64);
        Guard.Positive(classCount, nameof(classCount));
        GazslLabels.CheckRange(trainLabels, nameof(trainLabels), classCount);
        if (!Enum.IsDefined(scale)) throw new ArgumentException($"Undefined scale {(int)scale}.", nameof(scale));

        using var scope = NewDisposeScope();
        var wide = train.to_type(ScalarType.Float64);
        double mean = wide.mean().item<double>();
        double variance = wide.Minus(mean).square().mean().item<double>();
        if (!double.IsFinite(mean) || !double.IsFinite(variance))
            throw new ArgumentException("train has NaN or infinite values.", nameof(train));
        if (variance == 0) throw new ArgumentException("train is constant (variance 0): it cannot be normalised.", nameof(train));
        double divisor = scale == FeatureScale.Variance ? variance : Math.Sqrt(variance);

        // As the reference: the statistics as numbers of the features' precision, applied in that precision.
        double meanP = train.dtype == ScalarType.Float32 ? (float)mean : mean;
        double divisorP = train.dtype == ScalarType.Float32 ? (float)divisor : divisor;
        var trainNorm = train.Minus(meanP).DividedBy(divisorP);
        var testNorm = test.to_type(train.dtype).Minus(meanP).DividedBy(divisorP);

        var centroids = ClassCentroids(trainNorm, trainLabels, classCount);
        return new NormalizedFeatures(mean, variance, divisor,
            trainNorm.MoveToOuterDisposeScope(), testNorm.MoveToOuterDisposeScope(), centroids.MoveToOuterDisposeScope());
    }

    /// <summary>Mean of the rows of <paramref name="features"/> [N, X] of each class (labels [N], int64 in
    /// 0..classCount−1) [classCount, X], accumulated in float64, in the features' dtype; zero rows for classes without
    /// rows.</summary>
    /// <exception cref="ArgumentException">Shapes, dtypes or labels do not fit.</exception>
    public static Tensor ClassCentroids(Tensor features, Tensor labels, int classCount)
    {
        Guard.Shape(features, nameof(features), "[N, X]", -1, -1);
        Guard.Floating(features, nameof(features));
        Guard.Shape(labels, nameof(labels), $"[{features.shape[0]}] (int64)", features.shape[0]);
        Guard.DType(labels, nameof(labels), ScalarType.Int64);
        Guard.Positive(classCount, nameof(classCount));
        GazslLabels.CheckRange(labels, nameof(labels), classCount);
        using var scope = NewDisposeScope();
        var onehot = nn.functional.one_hot(labels, classCount).to_type(ScalarType.Float64);  // [N, C]
        var counts = onehot.sum(new long[] { 0 }).clamp_min(Scalars.S(1)).unsqueeze(1);
        var sums = onehot.t().matmul(features.to_type(ScalarType.Float64));
        return (sums / counts).to_type(features.dtype).MoveToOuterDisposeScope();
    }
}
