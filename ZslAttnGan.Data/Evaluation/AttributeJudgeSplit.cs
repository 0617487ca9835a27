using ZslAttnGan.Data;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// Which real images the attribute classifier (the judge of <see cref="Metrics.AttributeAccuracyMetric"/>) trains on
/// and which it is scored on. The two sets never share an image.
/// </summary>
/// <remarks>
/// <para><b>Training</b>: the images flagged 1 in <c>train_test_split.txt</c>, of seen <i>and</i> unseen species. The
/// judge is an evaluation tool, not part of the model: the model never sees an unseen species, but the judge may learn
/// what that species' real birds look like, exactly as a human rater knows the species a caption names.
/// <b>Held out</b>: every other image (flag 0), of seen and unseen species; the judge's accuracy on them is the
/// real-image figure printed beside every generated-image figure.</para>
/// <para>Without <c>train_test_split.txt</c>, a seeded 80 % of each species' images train the judge and the rest are
/// held out (per species, so every species has held-out images when it has at least two).</para>
/// <para>What this does not show: whether the judge reads a colour combination that no species in the dataset has.
/// docs/evaluation.md gives the measured figure.</para>
/// </remarks>
/// <param name="Train">Images the judge trains on (sorted by key).</param>
/// <param name="HeldOut">Images the judge never trains on.</param>
public sealed record AttributeJudgeSplit(IReadOnlyList<DatasetItem> Train, IReadOnlyList<DatasetItem> HeldOut)
{
    /// <summary>Splits every image of <paramref name="data"/> (seen and unseen species).</summary>
    /// <param name="data">The evaluation data.</param>
    /// <param name="seed">Seed of the fallback split (used only without <c>train_test_split.txt</c>).</param>
    public static AttributeJudgeSplit Of(EvaluationData data, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var all = data.Seen.Items.Concat(data.Unseen?.Items ?? Array.Empty<DatasetItem>()).ToList();
        if (data.TrainKeys.Count > 0)
            return new(all.Where(i => data.TrainKeys.Contains(i.Key)).OrderBy(i => i.Key, StringComparer.Ordinal).ToList(),
                all.Where(i => !data.TrainKeys.Contains(i.Key)).ToList());
        var random = new Random(seed);
        var train = new List<DatasetItem>();
        var heldOut = new List<DatasetItem>();
        foreach (var species in all.GroupBy(SpeciesOf).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var shuffled = species.OrderBy(i => i.Key, StringComparer.Ordinal).OrderBy(_ => random.Next()).ToList();
            int cut = shuffled.Count < 2 ? shuffled.Count : Math.Clamp((int)Math.Round(shuffled.Count * 0.8), 1, shuffled.Count - 1);
            train.AddRange(shuffled.Take(cut));
            heldOut.AddRange(shuffled.Skip(cut));
        }
        return new(train.OrderBy(i => i.Key, StringComparer.Ordinal).ToList(), heldOut);
    }

    // Seen and unseen datasets number their classes separately; the folder part of the key names the species.
    private static string SpeciesOf(DatasetItem item)
    {
        int slash = item.Key.IndexOf('/');
        return slash < 0 ? item.Key : item.Key[..slash];
    }
}
