namespace ZslAttnGan.Data.Synthetic;

/// <summary>Chooses the species (attribute combinations) and which of them are unseen, so that every attribute value of
/// an unseen species also occurs among the seen ones: unseen species are new combinations of known values.</summary>
internal static class SpeciesPlanner
{
    public static List<(int[] Values, bool Unseen)> Plan(int species, int unseen, Random rng)
    {
        var combos = new List<int[]>();
        for (int b = 0; b < BirdAttributes.PlumageColours.Count; b++)
            for (int w = 0; w < BirdAttributes.PlumageColours.Count; w++)
                for (int h = 0; h < BirdAttributes.HeadColours.Count; h++)
                    if (w != b) combos.Add(new[] { b, w, h }); // body = wing would hide the wing
        Shuffle(combos, rng);
        var chosen = combos.Take(species).ToList();
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            if (attempt % 100 == 99)
            {
                // This set of species may admit no valid split (too few species): draw another set.
                Shuffle(combos, rng);
                chosen = combos.Take(species).ToList();
            }
            var unseenSet = Enumerable.Range(0, chosen.Count).OrderBy(_ => rng.Next()).Take(unseen).ToHashSet();
            bool covered = true;
            for (int a = 0; a < BirdAttributes.Names.Count && covered; a++)
            {
                var seenValues = chosen.Where((_, i) => !unseenSet.Contains(i)).Select(v => v[a]).ToHashSet();
                covered = unseenSet.All(i => seenValues.Contains(chosen[i][a]));
            }
            if (covered) return chosen.Select((v, i) => (v, unseenSet.Contains(i))).ToList();
        }
        throw new InvalidOperationException($"Could not choose {unseen} unseen species among {species} whose values all occur among the seen ones; use fewer unseen species.");
    }

    private static void Shuffle<T>(List<T> list, Random rng)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
