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
        ArgumentNullException.ThrowIfNull(candidateClasses);
        if (poolSize < 2) throw new ArgumentOutOfRangeException(nameof(poolSize), poolSize, "poolSize must be at least 2.");
        Guard.Shape(imageCodes, nameof(imageCodes), "[N, D]", imageClasses.Count, -1);
        Guard.Shape(trueTextCodes, nameof(trueTextCodes), $"[{imageClasses.Count}, {imageCodes.shape[1]}]", imageClasses.Count, imageCodes.shape[1]);
        Guard.Shape(candidateCodes, nameof(candidateCodes), $"[{candidateClasses.Count}, {imageCodes.shape[1]}]", candidateClasses.Count, imageCodes.shape[1]);
        int n = imageClasses.Count;
        if (n == 0) throw new ArgumentException("No images.", nameof(imageClasses));

        // Candidate indices by class, so "any caption of another class" is a uniform draw over the complement.
        var byClass = Enumerable.Range(0, candidateClasses.Count).GroupBy(i => candidateClasses[i]).ToDictionary(g => g.Key, g => g.ToArray());
        var random = new Random(seed);
        var drawn = new long[n * (poolSize - 1)];
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

        using var scope = NewDisposeScope();
        var images = Cosine.Normalize(imageCodes);
        var truth = Cosine.Normalize(trueTextCodes);
        var candidates = Cosine.Normalize(candidateCodes);
        var trueScore = (images * truth).sum(1);
        var index = tensor(drawn, new long[] { n, poolSize - 1 });
        var hits = new bool[n];
        // Chunks of rows keep the gathered [rows, pool, D] block small.
        const int chunk = 256;
        for (int start = 0; start < n; start += chunk)
        {
            using var inner = NewDisposeScope();
            int rows = Math.Min(chunk, n - start);
            var idx = index.narrow(0, start, rows);
            var mismatched = candidates.index_select(0, idx.flatten()).view(rows, poolSize - 1, -1);
            var scores = mismatched.bmm(images.narrow(0, start, rows).unsqueeze(2)).squeeze(2);
            var best = scores.amax(new long[] { 1 });
            var hit = trueScore.narrow(0, start, rows).ge(best).data<bool>().ToArray();
            Array.Copy(hit, 0, hits, start, rows);
        }
        return hits;
    }

    /// <summary>Shuffles the hit flags (seeded) and returns mean ± std of the fold accuracies (folds capped at the number of trials).</summary>
    public static MeanStd Folded(IReadOnlyList<bool> hits, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(hits);
        if (hits.Count == 0) throw new ArgumentException("No trials.", nameof(hits));
        if (folds < 1) throw new ArgumentOutOfRangeException(nameof(folds), folds, "folds must be at least 1.");
        var order = hits.ToArray();
        // A stream distinct from the mismatched-caption draws of the same seed.
        var random = new Random(unchecked(seed * 31 + 17));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        int f = Math.Min(folds, order.Length);
        int size = order.Length / f;
        var accuracies = Enumerable.Range(0, f).Select(k => order.Skip(k * size).Take(size).Count(h => h) / (double)size).ToList();
        return MeanStd.Of(accuracies, order.Length);
    }
}
