using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Tests.Data;

public class DataShardTests
{
    private static readonly ImageTransformOptions Small = new() { Sizes = new[] { 8, 16 } };

    /// <summary>For every epoch, the ranks' shards of each batch are disjoint and their union is the single-process batch;
    /// the samples themselves (caption choice, crop, flip) are the single-process ones.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ShardsOfEveryEpochAreDisjointAndCoverIt(int ranks)
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        int batchSize = ranks * 2;
        var options = new DataLoaderOptions { BatchSize = batchSize, WordsNum = 6, Seed = 3, Workers = 1, Transform = Small };
        var whole = new DataLoader(ds, options);
        var shards = Enumerable.Range(0, ranks).Select(r => new DataLoader(ds, options with { Shard = new DataShard(r, ranks) })).ToList();
        Assert.All(shards, s => Assert.Equal(whole.BatchesPerEpoch, s.BatchesPerEpoch));
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var plan = whole.PlanEpoch(epoch);
            var parts = shards.Select(s => s.PlanEpoch(epoch)).ToList();
            for (int b = 0; b < plan.Count; b++)
            {
                var rows = parts.SelectMany(p => p[b]).ToList();
                Assert.Equal(rows.Count, rows.Distinct().Count());
                Assert.Equal(plan[b].OrderBy(i => i), rows.OrderBy(i => i));
                Assert.All(parts, p => Assert.Equal(batchSize / ranks, p[b].Length));
            }
        }
        // The same image in a shard and in the whole batch is the same sample.
        using var full = whole.GetEpoch(0).First();
        using var part = shards[^1].GetEpoch(0).First();
        foreach (var key in part.Keys)
        {
            int i = full.Keys.ToList().IndexOf(key), j = part.Keys.ToList().IndexOf(key);
            Assert.True(full.Images[1][i].equal(part.Images[1][j]).all().item<bool>());
        }
    }

    [Fact]
    public void ABatchThatDoesNotDivideIntoTheRanksIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataLoaderOptions { BatchSize = 5, Shard = new DataShard(0, 2) }.Validate());
        Assert.Contains("multiple of the number of ranks", e.Message);
        Assert.Throws<ArgumentException>(() => new DataLoaderOptions { BatchSize = 4, Shard = new DataShard(2, 2) }.Validate());
    }
}
