using ZslAttnGan.Data;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Evaluation;

public class ImageFeatureCacheTests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    private IReadOnlyList<DatasetItem> Items(int count) =>
        EvaluationData.Load(fixture.Dataset, fixture.Vocabulary).Unseen!.Items.Take(count).ToList();

    [Fact]
    public void FeaturesEqualTheExtractorsAndAreReadBackFromTheCache()
    {
        using var cache = new TempFolder();
        var items = Items(5);
        using var direct = fixture.Extractor.Extract(EvaluationData.LoadImages(items, ResNet18FeatureExtractor.InputSize));
        using var first = ImageFeatureCache.Extract(items, fixture.Extractor, cache.Path, batchSize: 2);
        Assert.True(direct.eq(first).all().item<bool>(), "batched, cached features differ from one extractor call");
        var file = Assert.Single(Directory.GetFiles(cache.Path));

        // The second call reads the file: make it recognisably different (but valid) to prove it is read, not recomputed.
        using (var marked = first.clone())
        {
            marked[0, 0] = tensor(123f);
            TorchSharp.PyBridge.Safetensors.SaveStateDict(file, new Dictionary<string, Tensor> { ["features"] = marked });
        }
        using var second = ImageFeatureCache.Extract(items, fixture.Extractor, cache.Path);
        Assert.Equal(123f, second[0, 0].item<float>());
    }

    [Fact]
    public void OtherImagesGetTheirOwnFileAndADamagedFileIsRecomputed()
    {
        using var cache = new TempFolder();
        var items = Items(4);
        using var a = ImageFeatureCache.Extract(items, fixture.Extractor, cache.Path);
        using var b = ImageFeatureCache.Extract(items.Take(3).ToList(), fixture.Extractor, cache.Path);
        Assert.Equal(2, Directory.GetFiles(cache.Path).Length);
        Assert.True(a.narrow(0, 0, 3).eq(b).all().item<bool>());

        foreach (var file in Directory.GetFiles(cache.Path)) File.WriteAllBytes(file, new byte[] { 1, 2, 3 });
        using var again = ImageFeatureCache.Extract(items, fixture.Extractor, cache.Path);
        Assert.True(a.eq(again).all().item<bool>());
        using var none = ImageFeatureCache.Extract(Array.Empty<DatasetItem>(), fixture.Extractor, null);
        Assert.Equal(new long[] { 0, ResNet18FeatureExtractor.Dimension }, none.shape);
    }
}
