using System.Diagnostics;
using Xunit.Abstractions;
using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>
/// Opt-in end to end: generate the default synthetic set, train a <see cref="Presets.Synthetic"/> model briefly
/// (encoder phase, then GAN phase), save the checkpoint, evaluate it and write report.json/report.md. Runs only when
/// ZSLATTNGAN_EVAL_E2E names an output folder (steps per phase: ZSLATTNGAN_EVAL_E2E_STEPS, default 200).
/// </summary>
[Trait("Category", "Slow")]
public class SyntheticPresetEndToEnd(ITestOutputHelper output)
{
    [Fact]
    public void TrainBrieflyThenEvaluate()
    {
        var root = Environment.GetEnvironmentVariable("ZSLATTNGAN_EVAL_E2E");
        if (string.IsNullOrEmpty(root)) return;
        int steps = int.TryParse(Environment.GetEnvironmentVariable("ZSLATTNGAN_EVAL_E2E_STEPS"), out var s) ? s : 200;
        var dataDir = Path.Combine(root, "synthetic");
        var checkpoint = Path.Combine(root, "checkpoint");
        var preset = Presets.Synthetic;

        if (!File.Exists(Path.Combine(dataDir, "attributes.json"))) SyntheticBirdsGenerator.Generate(dataDir);
        var seen = CubDataset.Load(new CubOptions { Root = dataDir, Split = CubSplit.Classes(Path.Combine(dataDir, "unseen_classes.txt"), listed: false) });
        // Train on the seen species' training images only: held-out seen images and all unseen species stay unseen.
        var split = EvaluationData.Load(new EvaluationDataset { Root = dataDir }, seen.Vocabulary);
        var train = new ZslAttnGan.Data.ImageCaptionDataset(split.SeenTrain, seen.Vocabulary, seen.Classes, attributeNames: seen.AttributeNames);
        var clock = Stopwatch.StartNew();
        if (!Directory.Exists(checkpoint))
        {
            var loaderOptions = new DataLoaderOptions
            {
                BatchSize = preset.GanBatchSize, WordsNum = preset.WordsPerCaption, Workers = 2, Seed = 1,
                Transform = new ImageTransformOptions { Sizes = preset.Model.ImageSizes.ToArray() },
            };
            var data = new LoaderTrainingData(new DataLoader(train, loaderOptions));
            var training = preset.Training with { EmaDecay = 0.95, LogInterval = 0 };
            using var model = new ZslAttnGanModel(preset.Model, seen.Vocabulary.Count, seen.Classes.Count, seed: 1);
            using (var encoder = new EncoderTrainer(model, seen.Vocabulary, preset.Loss, training) { ClassNames = seen.Classes.Select(c => c.Name).ToList() })
                encoder.Train(data, steps);
            output.WriteLine($"encoder phase: {steps} steps in {clock.Elapsed.TotalSeconds:F0} s");
            using (var gan = new GanTrainer(model, seen.Vocabulary, preset.Loss, training) { CheckpointDirectory = checkpoint, ClassNames = seen.Classes.Select(c => c.Name).ToList() })
                gan.Train(data, steps);
            output.WriteLine($"GAN phase: {steps} steps, total {clock.Elapsed.TotalSeconds:F0} s");
        }

        clock.Restart();
        var report = new Evaluator().Evaluate(checkpoint, new EvaluationDataset { Root = dataDir }, new EvaluationOptions());
        output.WriteLine($"evaluation: {clock.Elapsed.TotalSeconds:F1} s ({Environment.ProcessorCount} cores)");
        report.Save(Path.Combine(root, "report"));
        output.WriteLine(report.ToMarkdown());
        Assert.NotNull(report.Find("zsl_top1", EvaluationSplit.Unseen));
        Assert.NotNull(report.Find("attribute_accuracy", EvaluationSplit.Unseen));
    }
}
