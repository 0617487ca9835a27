using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Training.Observers;

namespace ZslAttnGan.Tests.Training.Observers;

public class TensorBoardImageTests
{
    /// <summary>Image summaries go through TorchSharp's SkiaSharp, whose Linux native library TorchSharp does not bring;
    /// before ZslAttnGan.Core brought it, this threw "Unable to load shared library 'libSkiaSharp'" on Linux.</summary>
    [Fact]
    public void AnImageSummaryIsWrittenOnThisPlatform()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            var png = Path.Combine(dir, "preview.png");
            using (var image = new Image<Rgb24>(16, 16, new Rgb24(200, 30, 30))) image.SaveAsPng(png);
            using var model = TinyModels.Model();
            using var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training() with { LogInterval = 1 })
            {
                TensorBoardDirectory = Path.Combine(dir, "tb"),
            };
            trainer.Train(new TinyTrainingData(2), 1);
            long before = Directory.GetFiles(Path.Combine(dir, "tb"), "events.out.tfevents*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            trainer.LogImageFile("previews/test", png);
            long after = Directory.GetFiles(Path.Combine(dir, "tb"), "events.out.tfevents*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Assert.True(after > before + 100, $"the event files grew by {after - before} bytes for a 16×16 image");
            Assert.Throws<FileNotFoundException>(() => new TensorBoardObserver(Path.Combine(dir, "tb2")).AddImage("x", Path.Combine(dir, "missing.png"), 1));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
