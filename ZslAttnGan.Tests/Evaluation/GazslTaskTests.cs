using Xunit.Abstractions;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Gazsl;
using ZslAttnGan.Gazsl.Training;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Gazsl.Data;

namespace ZslAttnGan.Tests.Evaluation;

public class GazslTaskTests(ResNet18Fixture fixture, ITestOutputHelper output) : IClassFixture<ResNet18Fixture>
{
    [Fact]
    public void EveryLayoutIsRecognisedAndSomethingElseIsRefused()
    {
        Assert.Equal(GazslDataLayout.ZslGanCub, GazslTask.Detect(GazslDataFixtures.CubRoot));
        Assert.Equal(GazslDataLayout.Gbu, GazslTask.Detect(GazslDataFixtures.GbuRoot));
        Assert.Equal(GazslDataLayout.CaptionedImages, GazslTask.Detect(fixture.Result.Root));
        using var empty = new TempFolder();
        var error = Assert.Throws<ArgumentException>(() => GazslTask.Detect(empty.Path));
        Assert.Contains("res101.mat", error.Message);
    }

    [Fact]
    public void TheOriginalLayoutsLoadAsTrainerInput()
    {
        using (var cub = GazslTask.Load(GazslDataFixtures.CubRoot))
        {
            cub.Data.Validate();
            Assert.Equal(GazslDataLayout.ZslGanCub, cub.Layout);
            Assert.False(cub.Data.HasSeenTest);           // no held-out seen images in this layout: no GZSL unless asked
            Assert.Contains(cub.Notes, n => n.Contains("GZSL", StringComparison.Ordinal));
            Assert.Equal(cub.SeenClasses.Count, cub.Data.SeenClasses);
        }
        using (var cub = GazslTask.Load(GazslDataFixtures.CubRoot, new GazslTaskOptions { TrainingFeaturesAsSeenTest = true, Split = ZslAttnGan.Data.Gazsl.ZslGanSplit.Hard }))
        {
            Assert.True(cub.Data.HasSeenTest);
            Assert.Same(cub.Data.TrainFeatures, cub.Data.SeenTestFeatures);
        }
        using var gbu = GazslTask.Load(GazslDataFixtures.GbuRoot);
        gbu.Data.Validate();
        Assert.True(gbu.Data.HasSeenTest);
        Assert.Equal(GazslGeneratorKind.Attribute, gbu.DefaultPreset.Generator);
    }

    [Fact]
    public void AZslAttnGanCheckpointsImageEncoderCanGiveTheVisualFeatures()
    {
        using var folder = new TempFolder();
        var checkpoint = Path.Combine(folder.Path, "checkpoint");
        using (var model = ZslAttnGan.Testing.TinyModels.Model())
            ZslAttnGan.Checkpoints.Checkpoint.Save(checkpoint, model, ZslAttnGan.Testing.TinyModels.Vocabulary());
        var items = EvaluationData.Load(fixture.Dataset, fixture.Vocabulary).Unseen!.Items.Take(3).ToList();
        using var source = ImageEncoderFeatureSource.Load(checkpoint);
        using var features = source.Extract(items);
        // The same codes as the checkpoint's image encoder gives for the images read at the generator's size.
        using var reloaded = ZslAttnGan.Checkpoints.Checkpoint.Open(checkpoint).CreateModel();
        using var images = EvaluationData.LoadImages(items, reloaded.Options.ImageSizes[^1]);
        using var expected = ModelSampling.EncodeImages(reloaded, images);
        Assert.True(features.eq(expected).all().item<bool>());

        using var task = GazslTask.Load(fixture.Result.Root, new GazslTaskOptions { CaptionsPerImage = 3, ImageEncoderCheckpoint = checkpoint });
        Assert.Equal(expected.shape[1], task.Data.FeatureSize);
        Assert.Contains(task.Notes, n => n.Contains("image encoder", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSyntheticBirdsRunThroughTheTrainer()
    {
        using var cache = new TempFolder();
        using var task = GazslTask.Load(fixture.Result.Root, new GazslTaskOptions { CaptionsPerImage = 3, FeatureCache = cache.Path }, fixture.Extractor);
        Assert.Equal(GazslDataLayout.CaptionedImages, task.Layout);
        Assert.True(task.Data.HasSeenTest);
        // A short run on the small fixture set (4 seen species, 2 unseen): the trainer runs end to end on image
        // features and text, and its evaluation is finite; the quality figure is the CLI's synthetic-birds run.
        var options = task.DefaultPreset with { Iterations = 30, BatchSize = 16, EvaluationStart = 10, EvaluationInterval = 10, ModelSelection = GazslModelSelection.Last };
        using var trainer = GazslTrainer.Create(task.Data, options);
        var result = trainer.Train();
        var last = result.Evaluations[^1];
        output.WriteLine($"ZSL {last.ZslAccuracy:F1} %, AUC {last.GzslAuc:F3}, H {last.GzslHarmonic:F1}");
        Assert.Equal(30, result.Iteration);
        Assert.InRange(last.ZslAccuracy, 0, 100);
        Assert.True(last.GzslAuc is >= 0 and <= 1);
    }
}
