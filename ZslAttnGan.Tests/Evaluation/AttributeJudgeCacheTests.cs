using System.Text.Json.Nodes;
using ZslAttnGan.Evaluation;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>The judge's cache: reused only for the same images, options and cache format; training is reproducible and
/// leaves libtorch's thread count as it found it.</summary>
[Collection(AttributeJudgeCollection.Name)]
public class AttributeJudgeCacheTests(AttributeJudgeFixture fixture)
{
    // A judge that trains in a moment: these tests are about caching, not accuracy.
    private static readonly AttributeClassifierOptions Quick = new() { Epochs = 1, Width = 2, BatchSize = 16 };

    private List<ZslAttnGan.Data.DatasetItem> Images => fixture.Split.Train.Take(48).ToList();

    [Fact]
    public void CacheIsReusedOnlyWhenImagesOptionsAndFormatAllMatch()
    {
        var cache = fixture.Folder.Combine("cache-" + Guid.NewGuid().ToString("N"), "judge.safetensors");
        var items = Images;
        using var images = ZslAttnGan.Evaluation.EvaluationData.LoadImages(items, AttributeJudgeFixture.GeneratedSize);
        using (var first = AttributeClassifierTrainer.LoadOrTrain(items, fixture.ValueCounts, cache, Quick, out bool cached))
        using (var again = AttributeClassifierTrainer.LoadOrTrain(items, fixture.ValueCounts, cache, Quick, out bool fromCache))
        {
            Assert.False(cached);
            Assert.True(fromCache);
            using var expected = first.Predict(images);
            using var read = again.Predict(images);
            Assert.True(read.equal(expected).all().item<bool>(), "the cached judge predicts what the trained one did");
        }

        foreach (var changed in new[]
        {
            Quick with { Epochs = 2 }, Quick with { Seed = 2 }, Quick with { Flip = false }, Quick with { MaxShift = 0 },
            Quick with { Threads = 0 }, Quick with { Width = 3 }, Quick with { LearningRate = 1e-3 }, Quick with { ImageSize = 24 },
        })
        {
            // Each changed option retrains and replaces the cache; going back retrains again.
            using (var other = AttributeClassifierTrainer.LoadOrTrain(items, fixture.ValueCounts, cache, changed, out bool cached))
                Assert.False(cached, $"{changed} reused a cache written with {Quick}");
            using (var back = AttributeClassifierTrainer.LoadOrTrain(items, fixture.ValueCounts, cache, Quick, out bool cached))
                Assert.False(cached);
        }

        // Other training images (one fewer) retrain.
        using (var fewer = AttributeClassifierTrainer.LoadOrTrain(items.Skip(1).ToList(), fixture.ValueCounts, cache, Quick, out bool cached))
            Assert.False(cached);
        using (var back = AttributeClassifierTrainer.LoadOrTrain(items, fixture.ValueCounts, cache, Quick, out bool cached))
            Assert.False(cached);

        // A cache written by older code (format 1, or a sidecar without a format) is retrained, not loaded.
        foreach (var edit in new Action<JsonObject>[] { j => j["Format"] = 1, j => j.Remove("Format") })
        {
            var sidecar = JsonNode.Parse(File.ReadAllText(cache + ".json"))!.AsObject();
            Assert.Equal(AttributeClassifierTrainer.CacheFormat, (int)sidecar["Format"]!);
            edit(sidecar);
            File.WriteAllText(cache + ".json", sidecar.ToJsonString());
            using var stale = AttributeClassifierTrainer.LoadOrTrain(items, fixture.ValueCounts, cache, Quick, out bool cached);
            Assert.False(cached);
        }

        // Damaged weights are retrained too.
        File.WriteAllBytes(cache, new byte[] { 1, 2, 3 });
        using (var damaged = AttributeClassifierTrainer.LoadOrTrain(items, fixture.ValueCounts, cache, Quick, out bool cached))
            Assert.False(cached);
    }

    [Fact]
    public void TrainingIsReproducibleAndRestoresTheThreadCount()
    {
        int before = get_num_threads();
        int other = before == 1 ? 2 : 1;
        try
        {
            set_num_threads(other);
            using var a = new AttributeClassifier(fixture.ValueCounts, Quick.ImageSize, Quick.Width);
            AttributeClassifierTrainer.Train(a, Images, Quick with { Threads = 1 });
            Assert.Equal(other, get_num_threads());
            using var b = new AttributeClassifier(fixture.ValueCounts, Quick.ImageSize, Quick.Width);
            AttributeClassifierTrainer.Train(b, Images, Quick with { Threads = 1 });
            var sa = a.state_dict();
            var sb = b.state_dict();
            Assert.Equal(sa.Keys, sb.Keys);
            foreach (var key in sa.Keys) Assert.True(sa[key].equal(sb[key]).all().item<bool>(), $"{key} differs between two trainings with the same seed");
        }
        finally
        {
            set_num_threads(before);
        }
    }

    [Fact]
    public void TrainingRejectsOptionsThatDoNotFitTheClassifier()
    {
        using var judge = new AttributeClassifier(fixture.ValueCounts, 32, 2);
        var e = Assert.Throws<ArgumentException>(() => AttributeClassifierTrainer.Train(judge, Images, Quick with { ImageSize = 24 }));
        Assert.Contains("ImageSize", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => (Quick with { MaxShift = 16 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (Quick with { Threads = -1 }).Validate());
    }
}
