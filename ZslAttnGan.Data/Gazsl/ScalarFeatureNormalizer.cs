namespace ZslAttnGan.Data.Gazsl;

/// <summary>
/// ZSL_GAN's normalisation: one mean and one population variance over every entry of the float32 training matrix,
/// then (x - mean) / var (or / std). The statistics are accumulated in double and rounded to float32; numpy's float32
/// pairwise sums differ from that by about 1e-7 relative. The subtraction and division are float32, as in numpy.
/// </summary>
public static class ScalarFeatureNormalizer
{
    /// <summary>The statistics of <paramref name="train"/>; <paramref name="source"/> names the file in errors.</summary>
    public static FeatureNormalization Fit(FloatMatrix train, ZslGanFeatureScaling scaling, string source)
    {
        ArgumentNullException.ThrowIfNull(train);
        var data = train.Data;
        if (data.Length == 0) throw new InvalidDataException($"'{source}': no training features to normalise.");
        double sum = 0;
        foreach (var v in data) sum += v;
        float mean = (float)(sum / data.Length);
        double squares = 0;
        foreach (var v in data)
        {
            double d = v - mean;
            squares += d * d;
        }
        float variance = (float)(squares / data.Length);
        float divisor = scaling == ZslGanFeatureScaling.DivideByVariance ? variance : MathF.Sqrt(variance);
        if (!(divisor > 0) || !float.IsFinite(divisor))
            throw new InvalidDataException($"'{source}': pfc_feat has variance {variance} over all entries; the features cannot be normalised (all equal?).");
        return new FeatureNormalization(mean, variance, divisor, scaling);
    }

    /// <summary>(x - mean) / divisor, element-wise, into a new matrix.</summary>
    public static FloatMatrix Apply(FloatMatrix features, FeatureNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(normalization);
        var result = new float[features.Data.Length];
        float mean = normalization.Mean, divisor = normalization.Divisor;
        for (int i = 0; i < result.Length; i++) result[i] = (features.Data[i] - mean) / divisor;
        return new FloatMatrix(features.Rows, features.Columns, result);
    }
}
