using ZslAttnGan.Evaluation;

namespace ZslAttnGan.Tests.Evaluation;

public class RPrecisionTests
{
    private static Tensor Random(long n, long d, ulong seed)
    {
        using var g = new torch.Generator(seed);
        return randn(new[] { n, d }, generator: g);
    }

    [Fact]
    public void PerfectScorerGetsOne()
    {
        // Each class has its own direction; images and their captions share it exactly.
        int classes = 20, perClass = 10;
        using var directions = Random(classes, 32, 1);
        var labels = Enumerable.Range(0, classes * perClass).Select(i => i / perClass).ToArray();
        using var idx = tensor(labels.Select(l => (long)l).ToArray());
        using var codes = directions.index_select(0, idx);
        var r = RPrecision.Compute(codes, codes, labels, codes, labels, new RPrecisionOptions { PoolSize = 100, Folds = 10, Seed = 3 });
        Assert.Equal(1.0, r.Value);
        Assert.Equal(0.0, r.Std);
        Assert.Equal(200, r.Count);
    }

    [Fact]
    public void RandomScorerGetsOneOverPool()
    {
        int n = 3000;
        var labels = Enumerable.Range(0, n).Select(i => i % 30).ToArray();
        using var images = Random(n, 16, 2);
        using var captions = Random(n, 16, 3);
        foreach (int pool in new[] { 5, 20 })
        {
            var r = RPrecision.Compute(images, captions, labels, captions, labels, new RPrecisionOptions { PoolSize = pool, Seed = 4 });
            double expected = 1.0 / pool;
            double sigma = Math.Sqrt(expected * (1 - expected) / n);
            Assert.InRange(r.Value, expected - 4 * sigma, expected + 4 * sigma);
            Assert.True(r.Std > 0);
        }
    }

    [Fact]
    public void DeterministicForASeedAndMismatchesComeFromOtherClasses()
    {
        var labels = Enumerable.Range(0, 300).Select(i => i % 6).ToArray();
        using var images = Random(300, 8, 5);
        using var captions = Random(300, 8, 6);
        var o = new RPrecisionOptions { PoolSize = 10, Seed = 11 };
        Assert.Equal(RPrecision.Compute(images, captions, labels, captions, labels, o), RPrecision.Compute(images, captions, labels, captions, labels, o));

        // Candidates of the image's own class that would beat the true caption are never drawn.
        using var same = images * Scalars.S(10.0);
        var hits = RPrecision.Hits(images, captions, labels, same, labels, poolSize: 10, seed: 1);
        Assert.NotEqual(hits.Length, hits.Count(h => h)); // sanity: random captions do not always win
        var oneClass = Enumerable.Repeat(0, 300).ToArray();
        Assert.Throws<ArgumentException>(() => RPrecision.Hits(images, captions, oneClass, captions, oneClass, 10, 1));
    }
}
