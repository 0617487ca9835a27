using ZslAttnGan.Collectives;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Testing;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>The merge maths of sharded evaluation: partial statistics of disjoint shards, added, give the statistics of
/// the whole set.</summary>
public class ShardedMergeMathTests
{
    private static Tensor Randn(long n, long d, ulong seed, double scale = 1, double shift = 0)
    {
        using var g = new torch.Generator(seed);
        using var x = randn(new[] { n, d }, dtype: ScalarType.Float64, generator: g);
        return x.mul(Scalars.S(scale)).Plus(Scalars.S(shift));
    }

    [Fact]
    public void ShardsAreDisjointCoverTheListAndDifferByAtMostOneChunk()
    {
        foreach (int ranks in new[] { 1, 2, 3, 4 })
        foreach (int chunk in new[] { 1, 2, 3, 7 })
        foreach (int count in new[] { 0, 1, 5, 13, 21 })
        {
            var shards = Enumerable.Range(0, ranks).Select(r => EvaluationShards.LocalRows(count, chunk, new FakeRank(r, ranks))).ToList();
            Assert.Equal(Enumerable.Range(0, count), shards.SelectMany(s => s).Order());
            Assert.All(shards, s => Assert.Equal(s.Order(), s));
            Assert.True(shards.Max(s => s.Length) - shards.Min(s => s.Length) <= chunk);
        }
    }

    [Fact]
    public void FeatureStatisticsOfTwoHalvesSummedOverRanksAreThoseOfTheWhole()
    {
        // A mean well away from 0 and unequal halves: the sums, not the means, are merged.
        using var x = Randn(41, 12, 5, scale: 0.7, shift: 3);
        var whole = new FeatureStatistics(12);
        whole.Add(x);
        var merged = InProcessGroup.Run(2, g =>
        {
            var part = new FeatureStatistics(12);
            using (var rows = g.Rank == 0 ? x.narrow(0, 0, 17) : x.narrow(0, 17, 24)) part.Add(rows);
            return part.SumOverRanks(g);
        });
        foreach (var m in merged.Append(new FeatureStatistics(12).Merge(whole)))
        {
            Assert.Equal(whole.Count, m.Count);
            using var mean = m.Mean();
            using var cov = m.Covariance();
            using var wholeMean = whole.Mean();
            using var wholeCov = whole.Covariance();
            Assert.True(mean.allclose(wholeMean, rtol: 0, atol: 1e-10));
            Assert.True(cov.allclose(wholeCov, rtol: 0, atol: 1e-10));
        }
        Assert.Equal(merged[0].SumOfOuterProducts, merged[1].SumOfOuterProducts);
    }

    [Fact]
    public void RPrecisionHitsOfShardsAndFoldCountsGiveTheWholeResultExactly()
    {
        int n = 23, pool = 4, folds = 5, seed = 9;
        using var images = Randn(n, 8, 1);
        using var texts = Randn(n, 8, 2);
        using var candidates = Randn(30, 8, 3);
        var imageClasses = Enumerable.Range(0, n).Select(i => i % 4).ToList();
        var candidateClasses = Enumerable.Range(0, 30).Select(i => i % 5).ToList();
        var whole = RPrecision.Hits(images, texts, imageClasses, candidates, candidateClasses, pool, seed);
        var fold = RPrecision.FoldOf(n, folds, seed);
        var perFold = new long[folds];
        foreach (int ranks in new[] { 2, 3 })
        {
            Array.Clear(perFold);
            for (int r = 0; r < ranks; r++)
            {
                var rows = EvaluationShards.LocalRows(n, 2, new FakeRank(r, ranks));
                using var index = tensor(rows.Select(i => (long)i).ToArray());
                using var img = images.index_select(0, index);
                using var txt = texts.index_select(0, index);
                var hits = RPrecision.HitsOfRows(img, txt, rows, imageClasses, candidates, candidateClasses, pool, seed);
                Assert.Equal(rows.Select(i => whole[i]), hits);
                for (int k = 0; k < rows.Length; k++) if (hits[k] && fold[rows[k]] >= 0) perFold[fold[rows[k]]]++;
            }
            Assert.Equal(RPrecision.Folded(whole, folds, seed), RPrecision.FromFoldHits(perFold, n));
        }
        Assert.Equal(folds * (n / folds), fold.Count(f => f >= 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void InceptionScoreFromSummedShardsEqualsTheWholeScore(int splits)
    {
        int n = 23, k = 7;
        using var logits = Randn(n, k, 4, scale: 2);
        var expected = InceptionScore.FromLogits(logits, splits);
        var odd = Enumerable.Range(0, n).Where(i => i % 3 == 1).ToArray();
        var rest = Enumerable.Range(0, n).Except(odd).ToArray();
        var sums = new double[splits * (k + 1)];
        foreach (var rows in new[] { odd, rest })
        {
            using var index = tensor(rows.Select(i => (long)i).ToArray());
            using var part = logits.index_select(0, index);
            var partial = InceptionScoreSums.Partial(part, rows, n, splits);
            for (int i = 0; i < sums.Length; i++) sums[i] += partial[i];
        }
        var merged = InceptionScoreSums.Score(sums, k, n, splits);
        Assert.Equal(expected.Value, merged.Value, 1e-12);
        Assert.Equal(expected.Std, merged.Std, 1e-12);
        Assert.Equal(expected.Count, merged.Count);
        for (int r = 0; r < n; r++)
        {
            int s = InceptionScoreSums.SplitOf(r, n, splits);
            Assert.InRange(r, (long)s * n / splits, (long)(s + 1) * n / splits - 1);
        }
    }

    [Fact]
    public void ClassHitsOfShardsGiveBothAccuraciesExactly()
    {
        var random = new Random(3);
        var truth = Enumerable.Range(0, 40).Select(i => i * 5 / 40).ToArray();
        var predicted = truth.Select(t => random.Next(3) == 0 ? random.Next(5) : t).ToArray();
        var a = ClassHits.Count(predicted[..13], truth[..13], 5);
        var b = ClassHits.Count(predicted[13..], truth[13..], 5);
        var merged = new ClassHits(a.Hits.Zip(b.Hits, (x, y) => x + y).ToArray(), a.Totals.Zip(b.Totals, (x, y) => x + y).ToArray());
        Assert.Equal(ClassificationAccuracy.PerSample(predicted, truth), merged.PerSample());
        Assert.Equal(ClassificationAccuracy.MeanPerClass(predicted, truth), merged.MeanPerClass());
        var overRanks = InProcessGroup.Run(2, g => (g.Rank == 0 ? a : b).SumOverRanks(g));
        Assert.All(overRanks, m => Assert.Equal(merged.MeanPerClass(), m.MeanPerClass()));
    }

    [Fact]
    public void SeenUnseenCurveFromSummedHitCountsIsTheWholeCurve()
    {
        using var pivots = Randn(7, 6, 5);
        using var seen = Randn(19, 6, 6);
        using var unseen = Randn(11, 6, 7);
        var seenLabels = Enumerable.Range(0, 19).Select(i => i % 4).ToList();
        var unseenLabels = Enumerable.Range(0, 11).Select(i => i % 3).ToList();
        var expected = GeneralizedZsl.SeenUnseenAuc(pivots, 4, seen, seenLabels, unseen, unseenLabels);
        long[] Sum(Tensor queries, IReadOnlyList<int> pivotLabels, int cut)
        {
            using var first = queries.narrow(0, 0, cut);
            using var second = queries.narrow(0, cut, queries.shape[0] - cut);
            var a = GeneralizedZsl.HitCounts(pivots, 4, first, pivotLabels.Take(cut).ToList());
            var b = GeneralizedZsl.HitCounts(pivots, 4, second, pivotLabels.Skip(cut).ToList());
            return a.Zip(b, (x, y) => x + y).ToArray();
        }
        var merged = GeneralizedZsl.FromHitCounts(Sum(seen, seenLabels, 8), 19, Sum(unseen, unseenLabels.Select(l => l + 4).ToList(), 5), 11);
        Assert.Equal(expected.Auc, merged.Auc);
        Assert.Equal(expected.Points, merged.Points);
    }

    /// <summary>A rank of a group that is never called collectively (for shard plans).</summary>
    private sealed class FakeRank(int rank, int size) : IProcessGroup
    {
        public int Rank => rank;
        public int Size => size;
        public void AllReduceSum(IReadOnlyList<Tensor> tensors) => throw new NotSupportedException();
        public void Broadcast(IReadOnlyList<Tensor> tensors, int root) => throw new NotSupportedException();
        public void Barrier() => throw new NotSupportedException();
    }
}
