namespace ZslAttnGan.Evaluation;

/// <summary>Accuracy of predicted class labels: per sample (ZSL-GAN's CUB/NAB top-1) or the mean of per-class
/// accuracies (the GBU protocol's MCA, used for generalised ZSL).</summary>
public static class ClassificationAccuracy
{
    /// <summary>Share of samples whose prediction equals the truth.</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static double PerSample(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        Check(predicted, truth);
        int hits = 0;
        for (int i = 0; i < truth.Count; i++) if (predicted[i] == truth[i]) hits++;
        return (double)hits / truth.Count;
    }

    /// <summary>Per-class accuracies of the classes present in <paramref name="truth"/>, by class label.</summary>
    public static IReadOnlyDictionary<int, double> PerClass(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        Check(predicted, truth);
        return Enumerable.Range(0, truth.Count).GroupBy(i => truth[i])
            .ToDictionary(g => g.Key, g => g.Count(i => predicted[i] == truth[i]) / (double)g.Count());
    }

    /// <summary>Mean over the classes present of each class's accuracy (so every class counts the same).</summary>
    public static double MeanPerClass(IReadOnlyList<int> predicted, IReadOnlyList<int> truth) =>
        PerClass(predicted, truth).Values.Average();

    /// <summary>The harmonic mean 2·s·u / (s + u) of seen and unseen accuracies (0 when both are 0).</summary>
    public static double HarmonicMean(double seen, double unseen) => seen + unseen <= 0 ? 0 : 2 * seen * unseen / (seen + unseen);

    private static void Check(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Count != truth.Count)
            throw new ArgumentException($"{predicted.Count} predictions for {truth.Count} labels.", nameof(predicted));
        if (truth.Count == 0) throw new ArgumentException("No samples.", nameof(truth));
    }
}
