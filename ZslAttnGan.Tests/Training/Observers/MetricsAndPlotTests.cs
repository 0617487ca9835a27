using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Training.Observers;

namespace ZslAttnGan.Tests.Training.Observers;

public class MetricsAndPlotTests
{
    private static long[] Steps(string csv) => File.ReadAllLines(csv).Skip(1).Select(l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();

    private static GanTrainer Gan(ZslAttnGan.Models.ZslAttnGanModel model, string? checkpoint) =>
        new(model, TinyModels.Vocabulary(), training: TinyModels.Training() with { LogInterval = 1 }) { CheckpointDirectory = checkpoint };

    [Fact]
    public void EveryLoggedStepIsARowWithEveryLossAndLearningRateAndAResumeKeepsOneRowPerStep()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            var csv = Path.Combine(dir, "metrics.csv");
            var c2 = Path.Combine(dir, "c2");
            using (var model = TinyModels.Model())
            using (var trainer = Gan(model, c2))
            {
                var metrics = new MetricsCsvObserver(csv);
                trainer.Observers.Add(metrics);
                trainer.Train(new TinyTrainingData(4), 2);
            }
            var header = File.ReadLines(csv).First().Split(',');
            Assert.Equal(new[] { "step", "phase", "wall_seconds", "images_per_second" }, header[..4]);
            Assert.Contains("errG", header);
            Assert.Contains("errD0", header);
            Assert.Contains("lr/generator", header);
            Assert.Equal(new long[] { 1, 2 }, Steps(csv));

            // Resumed from step 2 to step 4: rows 1–4.
            void ResumeTo(long total)
            {
                using var model = TinyModels.Model();
                using var trainer = Gan(model, checkpoint: null);
                trainer.Resume(Checkpoint.Open(c2));
                trainer.Observers.Add(new MetricsCsvObserver(csv));
                trainer.Train(new TinyTrainingData(4), total);
            }
            ResumeTo(4);
            Assert.Equal(new long[] { 1, 2, 3, 4 }, Steps(csv));
            // As after a kill at step 4 whose last checkpoint was step 2: the rows past 2 are replaced, not repeated.
            ResumeTo(3);
            Assert.Equal(new long[] { 1, 2, 3 }, Steps(csv));
            var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
            int errG = Array.IndexOf(header, "errG");
            Assert.All(rows, r => Assert.True(double.IsFinite(double.Parse(r[errG], CultureInfo.InvariantCulture))));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ThePlotHasAPanelPerSeriesAndIsRedrawnAtTheEnd()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            var metrics = new MetricsCsvObserver(Path.Combine(dir, "metrics.csv"));
            var plot = new LossPlotObserver(metrics, Path.Combine(dir, "losses.png")) { RefreshEveryLogs = 100 };
            using var model = TinyModels.Model();
            using var trainer = Gan(model, checkpoint: null);
            trainer.Observers.Add(metrics);
            trainer.Observers.Add(plot);
            trainer.Train(new TinyTrainingData(3), 3);
            Assert.True(File.Exists(plot.Path), "no plot after the run");
            using var image = Image.Load<Rgb24>(plot.Path);
            int series = metrics.Rows.SelectMany(r => r.Values.Keys).Distinct().Count() + 1;   // + images/s
            int columns = Math.Min(3, series), rows = (series + 2) / 3;
            Assert.Equal(columns * 266 + 6, image.Width);
            Assert.Equal(rows * 156 + 6, image.Height);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AMetricsFileOfAnotherFormatIsRefusedByName()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            var csv = Path.Combine(dir, "metrics.csv");
            File.WriteAllText(csv, "epoch;loss\n1;2\n");
            using var model = TinyModels.Model();
            using var trainer = Gan(model, checkpoint: null);
            trainer.Observers.Add(new MetricsCsvObserver(csv));
            var e = Assert.Throws<InvalidDataException>(() => trainer.Train(new TinyTrainingData(2), 1));
            Assert.Contains(csv, e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class Recorder : ITrainingObserver
    {
        public List<string> Events { get; } = new();
        public void OnRunStart(Trainer trainer, long totalSteps) => Events.Add($"start {totalSteps}");
        public void OnStep(Trainer trainer, TrainingProgress progress) => Events.Add($"step {progress.Step}");
        public void OnLog(Trainer trainer, TrainingProgress progress) => Events.Add($"log {progress.Step}");
        public void OnPreview(Trainer trainer, long step) => Events.Add($"preview {step}");
        public void OnCheckpoint(Trainer trainer, string directory) => Events.Add($"checkpoint {trainer.State.Step}");
        public void OnRunEnd(Trainer trainer, TrainingResult result) => Events.Add($"end {result.State.Step}");
    }

    [Fact]
    public void ObserversAreCalledAtEachPointInOrder()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            using var model = TinyModels.Model();
            using var trainer = new GanTrainer(model, TinyModels.Vocabulary(),
                training: TinyModels.Training() with { LogInterval = 2, PreviewInterval = 3, CheckpointInterval = 2 }) { CheckpointDirectory = Path.Combine(dir, "c") };
            var recorder = new Recorder();
            trainer.Observers.Add(recorder);
            trainer.Train(new TinyTrainingData(4), 3);
            Assert.Equal(new[] { "start 3", "step 1", "step 2", "log 2", "checkpoint 2", "step 3", "log 3", "preview 3", "checkpoint 3", "end 3" }, recorder.Events);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
