using ZslAttnGan.Evaluation;
using ZslAttnGan.Gazsl;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Evaluation;

public class CaptionedImageFeaturesTests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    [Fact]
    public void TheSyntheticBirdsBecomeAZeroShotTaskWithDisjointSplitsAndClassTexts()
    {
        using var cache = new TempFolder();
        using var task = CaptionedImageFeatures.FromCubFolder(fixture.Result.Root, fixture.Extractor, cache.Path, captionsPerImage: 3);
        var data = EvaluationData.Load(fixture.Dataset, fixture.Vocabulary);
        int seen = data.Seen.Classes.Count, unseen = data.Unseen!.Classes.Count;
        Assert.Equal((seen, unseen), (task.SeenClasses.Count, task.UnseenClasses.Count));
        Assert.Empty(task.SeenClasses.Intersect(task.UnseenClasses));
        Assert.Equal(new long[] { data.SeenTrain.Count, ResNet18FeatureExtractor.Dimension }, task.TrainFeatures.shape);
        Assert.Equal(new long[] { data.SeenHeldOut.Count, ResNet18FeatureExtractor.Dimension }, task.SeenTestFeatures.shape);
        Assert.Equal(new long[] { data.Unseen.Count, ResNet18FeatureExtractor.Dimension }, task.UnseenFeatures.shape);
        Assert.InRange(task.TrainLabels.max().item<long>(), 0, seen - 1);
        Assert.InRange(task.UnseenLabels.max().item<long>(), 0, unseen - 1);
        Assert.Equal(unseen, task.UnseenLabels.unique().Item1.shape[0]);

        // One TF-IDF row per class, of unit norm, and each class's text differs from every other class's.
        Assert.Equal(new long[] { seen, task.TextWords.Count }, task.SeenText.shape);
        Assert.Equal(new long[] { unseen, task.TextWords.Count }, task.UnseenText.shape);
        using var text = cat(new[] { task.SeenText, task.UnseenText }, 0);
        AssertDistinctUnitRows(text);
        Assert.Single(Directory.GetFiles(cache.Path).Select(Path.GetFileName).Where(n => n!.StartsWith("resnet18-features-")).Take(1));
    }

    [Fact]
    public void TheGazslFeaturesCommandWritesTheTaskAsSafetensors()
    {
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "features");
        var (code, text) = ZslAttnGan.Tests.Cli.CliHarness.Run(["gazsl", "features", "-d", fixture.Result.Root, "-o", output, "--captions-per-image", "3"]);
        Assert.True(code == 0, text);
        var saved = TorchSharp.PyBridge.Safetensors.LoadStateDict(Path.Combine(output, "features.safetensors"));
        using var task = CaptionedImageFeatures.FromCubFolder(fixture.Result.Root, fixture.Extractor, Path.Combine(output, "cache"), captionsPerImage: 3);
        Assert.True(saved["train_features"].eq(task.TrainFeatures).all().item<bool>());
        Assert.True(saved["unseen_text"].eq(task.UnseenText).all().item<bool>());
        Assert.Equal(8, saved.Count);
        using var classes = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "classes.json")));
        Assert.Equal(task.UnseenClasses, classes.RootElement.GetProperty("unseen_classes").EnumerateArray().Select(e => e.GetString()));
        foreach (var t in saved.Values) t.Dispose();
    }

    private static void AssertDistinctUnitRows(Tensor text)
    {
        Assert.True(text.norm(1).sub(Scalars.S(1)).abs().max().item<float>() < 1e-5, "TF-IDF rows are not unit vectors");
        using var similarity = text.matmul(text.t());
        long n = text.shape[0];
        for (long i = 0; i < n; i++)
            for (long j = 0; j < n; j++)
                if (i != j) Assert.True(similarity[i, j].item<float>() < 0.9999f, $"classes {i} and {j} have the same text");
    }

    [Fact]
    public void AFolderWithoutUnseenClassesIsRefusedWithTheFileToAdd()
    {
        using var folder = new TempFolder();
        TinyCub.Write(folder.Path);
        var error = Assert.Throws<ArgumentException>(() => CaptionedImageFeatures.FromCubFolder(folder.Path, fixture.Extractor, null));
        Assert.Contains("unseen_classes.txt", error.Message);
    }
}
