using System.Diagnostics;
using ZslAttnGan.Inference;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Runs;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>
/// A quick timing of one encoder step, one GAN step and inference for a preset on random inputs, with one untimed
/// warm-up each (the first call allocates and picks kernels). Minutes, not a benchmark suite: for careful numbers
/// use the BenchmarkDotNet project.
/// </summary>
public static class BenchWorkflow
{
    /// <summary>Runs the timings.</summary>
    public static IReadOnlyList<BenchRow> Run(BenchOptions options, IRunReporter reporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reporter);
        options.Validate();
        var preset = options.Preset;
        var vocabulary = Vocabulary.FromWords(new[] { Vocabulary.EndToken }.Concat(Enumerable.Range(1, options.VocabularySize - 1).Select(i => $"w{i}")));
        using var model = new ZslAttnGanModel(preset.Model, vocabulary.Count, options.ClassCount, options.Seed);
        if (options.Device is { } device) model.To(device);
        var training = preset.Training with { LogInterval = 0, CheckpointInterval = 0, PreviewInterval = 0 };
        var rows = new List<BenchRow>();

        reporter.Info($"Timing one encoder step (batch {preset.EncoderBatchSize})…");
        using (var encoders = new EncoderTrainer(model, vocabulary, preset.Loss, training))
            rows.Add(TimeSteps("encoder step", encoders, Data(preset, preset.EncoderBatchSize, options), preset.EncoderBatchSize, options.Repeats, cancellationToken));

        reporter.Info($"Timing one GAN step (batch {preset.GanBatchSize})…");
        using (var gan = new GanTrainer(model, vocabulary, preset.Loss, training))
            rows.Add(TimeSteps("GAN step", gan, Data(preset, preset.GanBatchSize, options), preset.GanBatchSize, options.Repeats, cancellationToken));

        reporter.Info($"Timing inference ({preset.GanBatchSize} images of one caption)…");
        using (var pipeline = new TextToImagePipeline(model, vocabulary))
        {
            var caption = string.Join(' ', Enumerable.Range(1, Math.Min(12, vocabulary.Count - 1)).Select(i => vocabulary[i]));
            var times = new List<double>();
            for (int r = 0; r <= options.Repeats; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                pipeline.Generate(caption, preset.GanBatchSize, seed: r).Dispose();
                if (r > 0) times.Add(clock.Elapsed.TotalMilliseconds);
            }
            rows.Add(new BenchRow("inference", preset.GanBatchSize, times.Count, times.Average(), times.Min()));
        }
        return rows;
    }

    private static RandomTrainingData Data(TrainingPreset preset, int batchSize, BenchOptions options) =>
        new(preset.Model.ImageSizes, batchSize, options.VocabularySize, options.ClassCount, preset.WordsPerCaption, options.Seed);

    private static BenchRow TimeSteps(string name, Trainer trainer, ITrainingData data, int batchSize, int repeats, CancellationToken cancellationToken)
    {
        // Step times from the moments the trainer reports each step; the first step is the warm-up.
        var clock = Stopwatch.StartNew();
        var stamps = new List<double> { 0 };
        var result = trainer.Train(data, repeats + 1, new SyncProgress<TrainingProgress>(_ => stamps.Add(clock.Elapsed.TotalMilliseconds)), cancellationToken);
        if (result.Cancelled) throw new OperationCanceledException(cancellationToken);
        var times = stamps.Zip(stamps.Skip(1), (a, b) => b - a).Skip(1).ToList();
        return new BenchRow(name, batchSize, times.Count, times.Average(), times.Min());
    }
}
