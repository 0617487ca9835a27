using ZslAttnGan.Data;
using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Tests.Data;

public class CubDatasetTests
{
    private static readonly ImageTransformOptions Small = new() { Sizes = new[] { 8, 16 } };

    [Fact]
    public void LoadsAllImages_KeysClassesCaptionsAligned()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        Assert.Equal(12, ds.Count);
        Assert.Equal(3, ds.Classes.Count);
        Assert.Equal("002.Bird_B", ds.Classes[1].Name);
        Assert.Equal(2, ds.Classes[1].SourceId);
        Assert.Empty(ds.Issues);
        for (int i = 0; i < ds.Count; i++)
        {
            var item = ds.Items[i];
            Assert.Equal(TinyCub.Key(i), item.Key);
            Assert.Equal(i / TinyCub.ImagesPerClass, item.ClassIndex);
            Assert.Equal(10, item.Captions.Count);
            Assert.Equal($"class{i / 4} image{i} caption3 a bird", ds.Vocabulary.Decode(item.Captions[3]));
            Assert.Equal(new BoundingBox(4, 3, 37, 32), item.Box);
        }
        // Vocabulary in first-occurrence order over images.txt.
        Assert.Equal(new[] { "<end>", "class0", "image0", "caption0", "w0" }, ds.Vocabulary.Words.Take(5));
    }

    [Fact]
    public void Batches_ShapesRangesSortingAlignmentAndDeterminism()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        var options = new DataLoaderOptions { BatchSize = 5, WordsNum = 6, Seed = 7, Workers = 2, Transform = Small };
        var loader = new DataLoader(ds, options);
        Assert.Equal(2, loader.BatchesPerEpoch);
        var first = new List<string>();
        int batches = 0;
        foreach (var batch in loader.GetEpoch(0))
        {
            using (batch)
            {
                batches++;
                Assert.Equal(5, batch.Size);
                Assert.Equal(new long[] { 5, 3, 8, 8 }, batch.Images[0].shape);
                Assert.Equal(new long[] { 5, 3, 16, 16 }, batch.Images[1].shape);
                Assert.Equal(new long[] { 5, 6 }, batch.Captions.shape);
                Assert.Equal(ScalarType.Int64, batch.Captions.dtype);
                Assert.True(batch.Images[1].min().item<float>() >= -1f && batch.Images[1].max().item<float>() <= 1f);
                var lengths = batch.Lengths.data<long>().ToArray();
                for (int r = 1; r < lengths.Length; r++) Assert.True(lengths[r - 1] >= lengths[r]);
                var caps = batch.Captions.data<long>().ToArray();
                var classes = batch.ClassIds.data<long>().ToArray();
                for (int r = 0; r < batch.Size; r++)
                {
                    int image = int.Parse(batch.Keys[r][^4..]);
                    var row = caps.Skip(r * 6).Take(6).ToArray();
                    Assert.All(row.Skip((int)lengths[r]), v => Assert.Equal(0, v));
                    var words = ds.Vocabulary.Decode(row).Split(' ');
                    Assert.Equal((int)lengths[r], words.Length);
                    Assert.Contains($"image{image}", ds.Vocabulary.Decode(ds.Items[batch.DatasetIndices[r]].Captions[batch.CaptionIndices[r]]));
                    // The drawn caption is an ordered subsequence of the image's caption.
                    var full = ds.Items[batch.DatasetIndices[r]].Captions[batch.CaptionIndices[r]];
                    Assert.True(IsSubsequence(row.Take((int)lengths[r]).ToArray(), full));
                    Assert.Equal(image / TinyCub.ImagesPerClass, classes[r]);
                    // Pixel red channel identifies the image: value (10i+5)/255 normalised.
                    float red = batch.Images[0][r, 0, 4, 4].item<float>();
                    Assert.Equal((TinyCub.Red(image) / 255f - 0.5f) / 0.5f, red, 3);
                }
                if (batches == 1) first.AddRange(batch.Keys);
            }
        }
        Assert.Equal(2, batches);

        // Same seed and epoch, any worker count: identical batches.
        var again = new DataLoader(ds, options with { Workers = 1 });
        using var b1 = again.GetEpoch(0).First();
        Assert.Equal(first, b1.Keys);
        using var b2 = loader.LoadBatch(loader.PlanEpoch(0)[0], 0);
        Assert.True(b1.Captions.equal(b2.Captions).all().item<bool>());
        Assert.True(b1.Images[1].equal(b2.Images[1]).all().item<bool>());
        // Another epoch draws differently.
        Assert.NotEqual(loader.PlanEpoch(0)[0], loader.PlanEpoch(1)[0]);
    }

    [Fact]
    public void DefaultPyramid_256()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path, 120, 90, jpeg: true);
        var ds = CubDataset.Load(new CubOptions { Root = Path.Combine(tmp.Path, "CUB_200_2011") });
        var loader = new DataLoader(ds, new DataLoaderOptions { BatchSize = 2, DropLast = false, Shuffle = false });
        Assert.Equal(6, loader.BatchesPerEpoch);
        using var batch = loader.LoadBatch(new[] { 0, 1 }, 0);
        Assert.Equal(new[] { 64L, 128, 256 }, batch.Images.Select(t => t.shape[2]));
        Assert.All(batch.Images, t => Assert.Equal(ScalarType.Float32, t.dtype));
    }

    [Fact]
    public void Splits_OfficialAndClassList()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        var train = CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.Official(true) });
        Assert.All(train.Items, i => Assert.Equal(0, int.Parse(i.Key[^4..]) % 2));
        Assert.Equal(6, train.Count);

        var list = tmp.Combine("unseen.txt");
        File.WriteAllLines(list, new[] { "# unseen", "3", "", "001.Bird_A" });
        var unseen = CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.Classes(list, listed: true) });
        var seen = CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.Classes(list, listed: false) });
        Assert.Equal(new[] { "001.Bird_A", "003.Bird_C" }, unseen.Classes.Select(c => c.Name));
        Assert.Equal(new[] { "002.Bird_B" }, seen.Classes.Select(c => c.Name));
        Assert.Equal(8, unseen.Count);
        Assert.Equal(unseen.Vocabulary.ContentHash, seen.Vocabulary.ContentHash);
    }

    private static bool IsSubsequence(long[] part, long[] full)
    {
        int j = 0;
        foreach (var v in full) if (j < part.Length && part[j] == v) j++;
        return j == part.Length;
    }
}
