using ZslAttnGan.Gazsl.Training;

namespace ZslAttnGan.Tests.Gazsl.Training;

public class GazslBatchSamplerTests
{
    [Fact]
    public void DefaultSamplerUsesEveryRowOncePerEpochAcrossPermutationBoundaries()
    {
        using var g = new Generator(1);
        var sampler = new GazslBatchSampler(10, 4, reference: false);
        var rows = Enumerable.Range(0, 5).SelectMany(_ => sampler.Next(g)).ToArray();   // 20 rows = 2 epochs
        Assert.All(Enumerable.Range(0, 10), r => Assert.Equal(2, rows.Count(x => x == r)));
        Assert.Equal(10, rows.Take(10).Distinct().Count());
        Assert.Equal(2, sampler.Epoch);
        Assert.Equal(10, sampler.Cursor);
    }

    [Fact]
    public void ReferenceSamplerReshufflesWhenCurPlusBReachesNAndDropsTheTail()
    {
        using var g = new Generator(1);
        var sampler = new GazslBatchSampler(10, 4, reference: true);
        var first = sampler.Next(g);
        var second = sampler.Next(g);
        var permutation = sampler.Permutation!;
        Assert.Equal(permutation[..8], first.Concat(second));
        sampler.Next(g);                        // 8 + 4 >= 10: new permutation, rows permutation[8..] never used
        Assert.Equal(2, sampler.Epoch);

        var exact = new GazslBatchSampler(8, 4, reference: true);
        exact.Next(g);
        exact.Next(g);                          // 4 + 4 >= 8: even the exactly fitting second batch is dropped
        Assert.Equal(2, exact.Epoch);
    }

    [Fact]
    public void BatchLargerThanTheDataTakesEveryRow()
    {
        using var g = new Generator(1);
        foreach (var reference in new[] { false, true })
        {
            var sampler = new GazslBatchSampler(5, 8, reference);
            Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i), sampler.Next(g).Order());
        }
    }

    [Fact]
    public void RestoreRefusesAPermutationOfOtherRows()
    {
        var sampler = new GazslBatchSampler(5, 2, reference: false);
        Assert.Throws<ArgumentException>(() => sampler.Restore(new long[] { 0, 1, 2 }, 0, 1));
        Assert.Throws<ArgumentException>(() => sampler.Restore(new long[] { 0, 1, 2, 3, 9 }, 0, 1));
    }
}
