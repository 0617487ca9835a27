namespace ZslAttnGan.Evaluation;

/// <summary>A measured value with its spread.</summary>
/// <param name="Value">The value (for fold- or split-based metrics the mean over folds).</param>
/// <param name="Std">Population standard deviation over folds/splits (numpy's <c>np.std</c>, ddof 0), or 0 when the
/// metric has no folds.</param>
/// <param name="Count">How many samples (images, trials, queries) the value is based on.</param>
public readonly record struct MeanStd(double Value, double Std, int Count)
{
    /// <summary>Mean and population standard deviation of <paramref name="values"/>, reported with <paramref name="count"/> samples.</summary>
    public static MeanStd Of(IReadOnlyList<double> values, int count)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return new MeanStd(mean, Math.Sqrt(variance), count);
    }
}
