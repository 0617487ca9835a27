using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// R-precision (R = 1) as DM-GAN implements AttnGAN's protocol: for each generated image, the candidates are its own
/// caption and PoolSize − 1 mismatched captions, each drawn uniformly (with replacement) from the captions of images of
/// <b>another class</b>; candidates are ranked by the cosine similarity of the DAMSM image code and sentence codes, and
/// the trial is a hit when the true caption ranks first. The hit flags are shuffled and split into folds; the result is
/// the mean ± std of the fold accuracies.
/// </summary>
/// <remarks>
/// <para>Ties count as hits, as with DM-GAN's <c>argmax == 0</c>. Folds have ⌊N / Folds⌋ trials each (remaining trials
/// are left out); DM-GAN's off-by-one (2,999 of each 3,000) is not reproduced.</para>
/// <para>Deterministic for a seed: all draws use <see cref="Random"/> seeded from <see cref="RPrecisionOptions.Seed"/>.</para>
/// </remarks>
public static class RPrecision
{
    /// <summary>R-precision of generated images against their captions.</summary>
    /// <param name="imageCodes">Image codes of the generated images [N, D].</param>
    /// <param name="trueTextCodes">Sentence codes of the captions they were generated from [N, D].</param>
    /// <param name="imageClasses">Class of each image (mismatched captions come from other classes).</param>
    /// <param name="candidateCodes">Sentence codes of the captions mismatched ones are drawn from [M, D] (the test split).</param>
    /// <param name="candidateClasses">Class of each candidate caption.</param>
    /// <param name="options">Pool size, folds and seed; null means the papers' settings (100, 10, seed 0).</param>
    /// <exception cref="ArgumentException">Shapes do not fit, or an image's class has no caption of another class to draw.</exception>
    public static MeanStd Compute(Tensor imageCodes, Tensor trueTextCodes, IReadOnlyList<int> imageClasses,
        Tensor candidateCodes, IReadOnlyList<int> candidateClasses, RPrecisionOptions? options = null)
    {
        options ??= new RPrecisionOptions();
        options.Validate();
        var hits = Hits(imageCodes, trueTextCodes, imageClasses, candidateCodes, candidateClasses, options.PoolSize, options.Seed);
        return Folded(hits, options.Folds, options.Seed);
    }

    /// <summary>The hit flag of every trial (true caption ranked first among PoolSize candidates).</summary>
    /// <exception cref="ArgumentException">Shapes do not fit, or an image's class has no caption of another class to draw.</exception>
    public static bool[] Hits(Tensor imageCodes, Tensor trueTextCodes, IReadOnlyList<int> imageClasses,
        Tensor candidateCodes, IReadOnlyList<int> candidateClasses, int poolSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(imageClasses);
        return HitsOfRows(imageCodes, trueTextCodes, Enumerable.Range(0, imageClasses.Count).ToArray(), imageClasses,
            candidateCodes, candidateClasses, poolSize, seed);
    }

    /// <summary>The hit flags of some of the trials (a rank's shard): the mismatched captions of every trial are drawn in
    /// order, as <see cref="Hits"/> draws them, and only the trials in <paramref name="rows"/> are scored, so the flags
    /// equal those <see cref="Hits"/> gives for these trials.</summary>
    /// <param name="imageCodes">Image codes of the trials in <paramref name="rows"/> [R, D].</param>
    /// <param name="trueTextCodes">Sentence codes of their captions [R, D].</param>
    /// <param name="rows">The trials scored (indices into <paramref name="imageClasses"/>, ascending).</param>
    /// <param name="imageClasses">Class of the image of every trial, scored here or not.</param>
    /// <param name="candidateCodes">Sentence codes of the captions mismatched ones are drawn from [M, D].</param>
    /// <param name="candidateClasses">Class of each candidate caption.</param>
    /// <param name="poolSize">Candidates per trial.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <exception cref="ArgumentException">Shapes do not fit, a row is out of range, or an image's class has no caption of another class to draw.</exception>
    public static bool[] HitsOfRows(Tensor imageCodes, Tensor trueTextCodes, IReadOnlyList<int> rows, IReadOnlyList<int> imageClasses,
        Tensor candidateCodes, IReadOnlyList<int> candidateClasses, int poolSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(imageClasses);
        ArgumentNullException.ThrowIfNull(candidateClasses);
        if (poolSize < 2) throw new ArgumentOutOfRangeException(nameof(poolSize), poolSize, "poolSize must be at least 2.");
        Guard.Shape(imageCodes, nameof(imageCodes), "[R, D]", rows.Count, -1);
        Guard.Shape(trueTextCodes, nameof(trueTextCodes), $"[{rows.Count}, {imageCodes.shape[1]}]", rows.Count, imageCodes.shape[1]);
        Guard.Shape(candidateCodes, nameof(candidateCodes), $"[{candidateClasses.Count}, {imageCodes.shape[1]}]", candidateClasses.Count, imageCodes.shape[1]);
        int n = imageClasses.Count;
        if (n == 0) throw new ArgumentException("No images.", nameof(imageClasses));
        if (rows.Any(r => r < 0 || r >= n)) throw new ArgumentException($"Rows must be in 0..{n - 1}.", nameof(rows));

        // Candidate indices by class, so "any caption of another class" is a uniform draw over the complement.
        var byClass = Enumerable.Range(0, candidateClasses.Count).GroupBy(i => candidateClasses[i]).ToDictionary(g => g.Key, g => g.ToArray());
        var random = new Random(seed);
        var drawn = new long[n * (poolSize - 1)];
        // Every trial's draws, scored or not: the stream must be the one a single process uses.
        for (int i = 0; i < n; i++)
        {
            int own = byClass.TryGetValue(imageClasses[i], out var same) ? same.Length : 0;
            int others = candidateClasses.Count - own;
            if (others == 0) throw new ArgumentException($"Image {i} (class {imageClasses[i]}) has no candidate caption of another class.", nameof(candidateClasses));
            for (int j = 0; j < poolSize - 1; j++)
            {
                int pick;
                do pick = random.Next(candidateClasses.Count); while (candidateClasses[pick] == imageClasses[i]);
                drawn[i * (poolSize - 1) + j] = pick;
            }
        }
        int r = rows.Count;
        var hits = new bool[r];
        if (r == 0) return hits;
        var local = new long[r * (poolSize - 1)];
        for (int k = 0; k < r; k++) Array.Copy(drawn, (long)rows[k] * (poolSize - 1), local, (long)k * (poolSize - 1), poolSize - 1);

        using var scope = NewDisposeScope();
        var images = Cosine.Normalize(imageCodes);
        var truth = Cosine.Normalize(trueTextCodes);
        var candidates = Cosine.Normalize(candidateCodes);
        var trueScore = (images * truth).sum(1);
        var index = tensor(local, new long[] { r, poolSize - 1 });
        // Chunks of rows keep the gathered [rows, pool, D] block small.
        const int chunk = 256;
        for (int start = 0; start < r; start += chunk)
        {
            using var inner = NewDisposeScope();
            int count = Math.Min(chunk, r - start);
            var idx = index.narrow(0, start, count);
            var mismatched = candidates.index_select(0, idx.flatten()).view(count, poolSize - 1, -1);
            var scores = mismatched.bmm(images.narrow(0, start, count).unsqueeze(2)).squeeze(2);
            var best = scores.amax(new long[] { 1 });
            var hit = trueScore.narrow(0, start, count).ge(best).data<bool>().ToArray();
            Array.Copy(hit, 0, hits, start, count);
        }
        return hits;
    }

    /// <summary>Shuffles the hit flags (seeded) and returns mean ± std of the fold accuracies (folds capped at the number of trials).</summary>
    public static MeanStd Folded(IReadOnlyList<bool> hits, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var fold = FoldOf(hits.Count, folds, seed);
        var perFold = new long[Math.Min(folds, hits.Count)];
        for (int i = 0; i < hits.Count; i++) if (hits[i] && fold[i] >= 0) perFold[fold[i]]++;
        return FromFoldHits(perFold, hits.Count);
    }

    /// <summary>The fold of each of <paramref name="trials"/> trials after <see cref="Folded"/>'s seeded shuffle, or −1 for
    /// the trials left out (⌊N / folds⌋ per fold). The shuffle does not look at the flags, so a rank can count the hits
    /// of its own trials per fold and the ranks' counts add up to the folds of the whole set.</summary>
    /// <exception cref="ArgumentException">No trials, or <paramref name="folds"/> is not positive.</exception>
    public static int[] FoldOf(int trials, int folds, int seed)
    {
        if (trials < 1) throw new ArgumentException("No trials.", nameof(trials));
        if (folds < 1) throw new ArgumentOutOfRangeException(nameof(folds), folds, "folds must be at least 1.");
        // The same swaps as a Fisher-Yates shuffle of the flags, applied to trial indices: position p holds trial order[p].
        var order = Enumerable.Range(0, trials).ToArray();
        // A stream distinct from the mismatched-caption draws of the same seed.
        var random = new Random(unchecked(seed * 31 + 17));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        int f = Math.Min(folds, trials);
        int size = trials / f;
        var fold = new int[trials];
        for (int p = 0; p < trials; p++) fold[order[p]] = p < f * size ? p / size : -1;
        return fold;
    }

    /// <summary>Mean ± std of the fold accuracies from the hits counted in each fold (<see cref="FoldOf"/>) of
    /// <paramref name="trials"/> trials.</summary>
    public static MeanStd FromFoldHits(IReadOnlyList<long> hitsPerFold, int trials)
    {
        ArgumentNullException.ThrowIfNull(hitsPerFold);
        if (trials < 1) throw new ArgumentException("No trials.", nameof(trials));
        if (hitsPerFold.Count < 1 || hitsPerFold.Count > trials)
            throw new ArgumentException($"{hitsPerFold.Count} folds for {trials} trials.", nameof(hitsPerFold));
        int size = trials / hitsPerFold.Count;
        return MeanStd.Of(hitsPerFold.Select(h => h / (double)size).ToList(), trials);
    }
}
