using ZslAttnGan.Testing;
using ZslAttnGan.Imaging;
using ZslAttnGan.Inference;
using ZslAttnGan.Tests.Infrastructure;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Inference;

/// <summary>
/// Generation under garbage-collection pressure: what <c>zsl-attngan generate</c> does per caption (images, grid,
/// attention overlays) thousands of times while another thread allocates and collects, so that any Scalar that
/// TorchSharp creates and nothing keeps alive is finalised while libtorch may still read it. Such a race failed a
/// 200-caption run once ("Expected false to be true … toFloat" in add_Scalar). About 15 s on 2 quiet cores;
/// <c>ZSLATTNGAN_SOAK_IMAGES=20000</c> soaks longer (about 2 minutes).
/// </summary>
[Collection(GcPressureCollection.Name)]
public class GenerationSoakTests : IDisposable
{
    private readonly string _dir = TinyModels.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ThousandsOfImagesUnderGcPressureWithoutAFailure() => Soak(ImagesFromEnvironment(2400));

    private static int ImagesFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("ZSLATTNGAN_SOAK_IMAGES"), out var n) && n > 0 ? n : fallback;

    private void Soak(int images)
    {
        var checkpoint = Path.Combine(_dir, "model");
        using (var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1))
        using (var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = checkpoint })
            trainer.Train(new TinyTrainingData(1), 1);
        using var pipeline = TextToImagePipeline.Load(checkpoint);

        using var pressure = new GcPressure();
        const int perCaption = 8;
        var captions = new[] { "w1 w2 w3", "w4 w5", "w6 w7 w8 w9", "w10 w11 w1" };
        // At least the asked images, and on until 100 collections ran beside them (a loaded machine schedules the
        // pressure thread less often), within two minutes.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int done = 0, i = 0; done < images || (pressure.Collections <= 100 && clock.Elapsed < TimeSpan.FromMinutes(2)); done += perCaption, i++)
        {
            var caption = captions[i % captions.Length];
            using var result = pipeline.Generate(caption, perCaption, seed: i);
            Assert.Equal(perCaption, result.Images.Count);
            using (ImageGrid.Render(result.Images, 4, null, new ImageGridOptions { CellSize = 32, Title = caption })) { }
            var words = Enumerable.Repeat(result.UsedWords, result.Images.Count).ToList();
            using (AttentionGrid.Render(result.StageImages, result.AttentionMaps, words, Enumerable.Repeat(caption, result.Images.Count).ToList(),
                       new AttentionGridOptions { MaxSamples = 4, CellSize = 32 })) { }
        }
        pressure.Dispose();
        Assert.True(pressure.Collections > 100, $"only {pressure.Collections} forced collections ran beside generation");
    }
}

