namespace ZslAttnGan.Data.Gazsl;

/// <summary>
/// The per-dimension scalers GBU's loader borrows from scikit-learn, computed in double as sklearn does on the float64
/// features, in sklearn's operation order: MinMaxScaler gives x * scale + min_ (scale = 1 / (max - min),
/// min_ = -min * scale), StandardScaler (x - mean) / std (population std). A constant dimension gets a range or std
/// of 1, as sklearn's <c>_handle_zeros_in_scale</c> does, so nothing is divided by zero.
/// </summary>
internal sealed class GbuFeatureScaler
{
    private readonly GbuPreprocessing _kind;
    private readonly double[] _a;
    private readonly double[] _b;

    private GbuFeatureScaler(GbuPreprocessing kind, double[] a, double[] b)
    {
        _kind = kind;
        _a = a;
        _b = b;
    }

    /// <summary>Fits on the images <paramref name="rows"/> of <paramref name="raw"/>.</summary>
    public static GbuFeatureScaler Fit(GbuRawData raw, IReadOnlyList<int> rows, GbuPreprocessing kind)
    {
        int dim = raw.FeatureDim;
        var a = new double[dim];
        var b = new double[dim];
        if (kind == GbuPreprocessing.MinMax)
        {
            var min = Enumerable.Repeat(double.PositiveInfinity, dim).ToArray();
            var max = Enumerable.Repeat(double.NegativeInfinity, dim).ToArray();
            foreach (var r in rows)
            {
                var row = raw.Row(r);
                for (int d = 0; d < dim; d++) { min[d] = Math.Min(min[d], row[d]); max[d] = Math.Max(max[d], row[d]); }
            }
            for (int d = 0; d < dim; d++)
            {
                double range = max[d] - min[d];
                a[d] = 1.0 / (range == 0 ? 1.0 : range);
                b[d] = -min[d] * a[d];
            }
        }
        else
        {
            foreach (var r in rows) { var row = raw.Row(r); for (int d = 0; d < dim; d++) a[d] += row[d]; }
            for (int d = 0; d < dim; d++) a[d] /= rows.Count;
            foreach (var r in rows) { var row = raw.Row(r); for (int d = 0; d < dim; d++) b[d] += (row[d] - a[d]) * (row[d] - a[d]); }
            for (int d = 0; d < dim; d++)
            {
                double std = Math.Sqrt(b[d] / rows.Count);
                b[d] = std == 0 ? 1.0 : std;
            }
        }
        return new GbuFeatureScaler(kind, a, b);
    }

    /// <summary>The scaled rows, cast to float32 (torch's <c>.float()</c>).</summary>
    public FloatMatrix Transform(GbuRawData raw, IReadOnlyList<int> rows)
    {
        int dim = raw.FeatureDim;
        var result = new float[(long)rows.Count * dim];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = raw.Row(rows[i]);
            for (int d = 0; d < dim; d++)
                result[i * dim + d] = (float)(_kind == GbuPreprocessing.MinMax ? row[d] * _a[d] + _b[d] : (row[d] - _a[d]) / _b[d]);
        }
        return new FloatMatrix(rows.Count, dim, result);
    }
}
