using ZslAttnGan.Collectives;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// Correct predictions and samples per class: the partial statistic of <see cref="ClassificationAccuracy"/> that shards
/// of the samples count separately and add (<see cref="SumOverRanks"/>). Per-sample and mean per-class accuracy follow
/// from the sums exactly.
/// </summary>
/// <param name="Hits">Correct predictions of each class's samples, by class label.</param>
/// <param name="Totals">Samples of each class, by class label.</param>
public sealed record ClassHits(IReadOnlyList<long> Hits, IReadOnlyList<long> Totals)
{
    /// <summary>Counts the hits of predictions against labels in 0 … <paramref name="classes"/> − 1 (the lists may be empty).</summary>
    /// <exception cref="ArgumentException">The lists differ in length or a label is out of range.</exception>
    public static ClassHits Count(IReadOnlyList<int> predicted, IReadOnlyList<int> truth, int classes)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (predicted.Count != truth.Count)
            throw new ArgumentException($"{predicted.Count} predictions for {truth.Count} labels.", nameof(predicted));
        var hits = new long[classes];
        var totals = new long[classes];
        for (int i = 0; i < truth.Count; i++)
        {
            if (truth[i] < 0 || truth[i] >= classes) throw new ArgumentException($"Labels must be in 0..{classes - 1}.", nameof(truth));
            totals[truth[i]]++;
            if (predicted[i] == truth[i]) hits[truth[i]]++;
        }
        return new ClassHits(hits, totals);
    }

    /// <summary>The counts of every rank's samples added, on every rank (collective).</summary>
    public ClassHits SumOverRanks(IProcessGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var both = group.SumOverRanks(Hits.Concat(Totals).ToArray());
        return new ClassHits(both[..Hits.Count], both[Hits.Count..]);
    }

    /// <summary>Samples counted.</summary>
    public long Samples => Totals.Sum();

    /// <summary>Share of samples predicted right (<see cref="ClassificationAccuracy.PerSample"/>).</summary>
    /// <exception cref="InvalidOperationException">No samples.</exception>
    public double PerSample() => Samples == 0
        ? throw new InvalidOperationException("No samples.")
        : (double)Hits.Sum() / Samples;

    /// <summary>Mean over the classes with samples of each class's accuracy (<see cref="ClassificationAccuracy.MeanPerClass"/>:
    /// the same numbers, added in class order).</summary>
    /// <exception cref="InvalidOperationException">No samples.</exception>
    public double MeanPerClass()
    {
        var accuracies = Enumerable.Range(0, Totals.Count).Where(c => Totals[c] > 0).Select(c => Hits[c] / (double)Totals[c]).ToList();
        return accuracies.Count == 0 ? throw new InvalidOperationException("No samples.") : accuracies.Average();
    }
}
