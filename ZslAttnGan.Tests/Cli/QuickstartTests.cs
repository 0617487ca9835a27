using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Inference;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Imaging;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Workflows.Quickstart;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Tests.Cli;

/// <summary>
/// Runs the CLI's quickstart in-process (the same <see cref="QuickstartWorkflow"/> the <c>quickstart</c> command
/// calls, without the console) with a small step budget, and checks everything it promises to write; and that the
/// same options write the same checkpoint bytes.
/// </summary>
[Trait("Category", "Slow")]
public class QuickstartTests
{
    [Fact]
    public void ASmallStepBudgetWritesDataCheckpointPreviewsAndReport()
    {
        using var folder = new TempFolder();
        var result = QuickstartWorkflow.Run(new QuickstartOptions { OutputDirectory = folder.Path, EncoderSteps = 30, GanSteps = 20 },
            NullWorkflowReporter.Instance);

        Assert.False(result.StoppedByUser);

        // The synthetic birds, in CUB layout with the zero-shot split.
        foreach (var file in new[] { "images.txt", "classes.txt", "bounding_boxes.txt", "seen_classes.txt", "unseen_classes.txt", "attributes.json" })
            Assert.True(File.Exists(Path.Combine(result.DataDirectory, file)), $"{file} is missing");
        Assert.Equal(1250, File.ReadAllLines(Path.Combine(result.DataDirectory, "images.txt")).Length);

        // The checkpoint opens (files and hashes verified), is the GAN phase's and generates non-constant images.
        var checkpoint = Checkpoint.Open(result.CheckpointDirectory);
        Assert.Equal("gan", checkpoint.Manifest.State!.Phase);
        Assert.True(checkpoint.HasTensors(GanTrainer.EmaName));
        using (var pipeline = TextToImagePipeline.Load(result.CheckpointDirectory))
        using (var generated = pipeline.Generate("a bird with a red body and blue wings", count: 2, seed: 3))
            Assert.True(Pixels.Distinct(generated.Images[0]).Count > 1, "the checkpoint generates a constant image");

        // Seen and unseen previews: valid PNGs with real content.
        var names = result.Previews.Select(Path.GetFileName).ToList();
        Assert.Equal(new[] { "seen-attention.png", "seen-vs-real.png", "unseen-attention.png", "unseen-vs-real.png" }, names);
        foreach (var preview in result.Previews)
        {
            Assert.True(Image.DetectFormat(preview) is SixLabors.ImageSharp.Formats.Png.PngFormat, $"{preview} is not a PNG");
            using var image = Image.Load<Rgb24>(preview);
            Assert.True(image.Width > 100 && image.Height > 100, $"{preview} is only {image.Width}×{image.Height}");
            Assert.True(Pixels.Distinct(image).Count > 50, $"{preview} is (nearly) constant");
        }

        // The report: JSON that parses into the report type with both phases, and Markdown linking the previews.
        Assert.NotNull(result.ReportJson);
        using (var document = JsonDocument.Parse(File.ReadAllText(result.ReportJson!)))
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        var report = QuickstartReportWriter.ReadJson(result.ReportJson!);
        Assert.Equal(new[] { "encoders", "gan" }, report.Phases.Select(p => p.Phase));
        Assert.Equal([30L, 20L], report.Phases.Select(p => p.Steps));
        Assert.All(report.Phases, p => Assert.Equal("steps", p.StoppedBy));
        Assert.Equal((30L, 20L, (double?)null), (report.EncoderSteps, report.GanSteps, report.TimeLimitMinutes));
        Assert.Equal(Presets.Synthetic.Training.Seed, report.Seed);
        Assert.True(report.Threads >= 1);
        // 20 GAN steps cannot train a generator: the report says so instead of presenting grey previews silently.
        Assert.Contains(report.Warnings, w => w.Contains("untrained", StringComparison.Ordinal));
        Assert.Equal(40, report.Dataset.SeenSpecies);
        Assert.Equal(10, report.Dataset.UnseenSpecies);
        Assert.Null(report.EvaluationNote);
        // Every metric for seen and unseen species (FID and IS need weights the quick start does not have).
        foreach (var (metric, split) in new[] { ("r_precision", "seen"), ("r_precision", "unseen"), ("zsl_top1", "unseen"),
                     ("gzsl_harmonic_mean", "all"), ("attribute_accuracy", "seen"), ("attribute_accuracy", "unseen") })
            Assert.Contains(report.Metrics, m => m.Name == metric && m.Split == split && double.IsFinite(m.Value));
        var markdown = File.ReadAllText(result.ReportMarkdown!);
        // Both phases' curves: metrics.csv beside each plot, the plots embedded in the report (the log interval of 50 is
        // never reached in 30 / 20 steps, so each phase logs its last step only).
        Assert.Equal(new[] { Path.Combine("encoders", "losses.png"), "losses.png" }, report.Curves);
        foreach (var curve in report.Curves)
        {
            Assert.True(File.Exists(Path.Combine(result.OutputDirectory, curve)), curve);
            Assert.Contains($"]({curve.Replace('\\', '/')})", markdown);
            var csv = File.ReadAllLines(Path.Combine(result.OutputDirectory, Path.GetDirectoryName(curve)!, "metrics.csv"));
            Assert.Equal(2, csv.Length);
        }
        Assert.StartsWith("# ZslAttnGan quick start", markdown);
        Assert.Contains("previews/seen-vs-real.png", markdown);
        Assert.Contains("previews/unseen-attention.png", markdown);
        Assert.Contains("**Warning:**", markdown);
        Assert.Contains("30 encoder + 20 GAN steps", markdown);
    }

    [Fact]
    public void WithGazslTheReportHasZslGansFiguresBesideZslAttnGans()
    {
        using var folder = new TempFolder();
        var result = QuickstartWorkflow.Run(new QuickstartOptions
            {
                OutputDirectory = folder.Path, EncoderSteps = 10, GanSteps = 10, Gazsl = true,
                GazslTraining = ZslAttnGan.Gazsl.GazslPresetsForImages.CaptionedImages with { Iterations = 12, EvaluationStart = 5, EvaluationInterval = 5 },
            },
            NullWorkflowReporter.Instance);
        var report = QuickstartReportWriter.ReadJson(result.ReportJson!);
        foreach (var name in new[] { "gazsl_zsl_top1", "gazsl_gzsl_harmonic_mean", "zsl_top1" })
            Assert.Contains(report.Metrics, m => m.Name == name && double.IsFinite(m.Value));
        Assert.True(File.Exists(Path.Combine(folder.Path, QuickstartWorkflow.GazslFolder, "report.md")));
        Assert.Contains("gazsl", report.StageSeconds.Keys);
    }

    [Fact]
    public void TheSameOptionsWriteTheSameCheckpointBytes()
    {
        // CPU determinism at a fixed thread count: same data, same seed, same steps → identical files (weights, EMA,
        // optimiser moments, random-generator states, manifest). Small data and steps keep it fast.
        var birds = new ZslAttnGan.Data.Synthetic.SyntheticBirdsOptions { Species = 8, UnseenSpecies = 2, ImagesPerSpecies = 10, ImageSize = 64 };
        using var first = new TempFolder();
        using var second = new TempFolder();
        QuickstartResult Run(string folder) => QuickstartWorkflow.Run(new QuickstartOptions
        {
            OutputDirectory = folder, EncoderSteps = 6, GanSteps = 4, Synthetic = birds, Evaluation = null, Seed = 5,
        }, NullWorkflowReporter.Instance);
        var a = Run(first.Path);
        var b = Run(second.Path);

        foreach (var (x, y) in new[] { (a.CheckpointDirectory, b.CheckpointDirectory),
                     (Path.Combine(first.Path, QuickstartWorkflow.EncodersFolder, "checkpoint"), Path.Combine(second.Path, QuickstartWorkflow.EncodersFolder, "checkpoint")) })
        {
            var files = Directory.GetFiles(x).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(files, Directory.GetFiles(y).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
            Assert.Contains("generator_ema.safetensors", Directory.GetFiles(a.CheckpointDirectory).Select(Path.GetFileName));
            foreach (var file in files)
                Assert.True(File.ReadAllBytes(Path.Combine(x, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(y, file!))),
                    $"{file} differs between two runs of the same options");
        }
        // A different seed trains a different model (the comparison above could not pass by accident).
        using var third = new TempFolder();
        var c = QuickstartWorkflow.Run(new QuickstartOptions
        {
            OutputDirectory = third.Path, EncoderSteps = 6, GanSteps = 4, Synthetic = birds, Evaluation = null, Seed = 6,
        }, NullWorkflowReporter.Instance);
        Assert.False(File.ReadAllBytes(Path.Combine(a.CheckpointDirectory, "generator.safetensors"))
            .AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(c.CheckpointDirectory, "generator.safetensors"))));
    }

    [Fact]
    public void ATimeLimitStopsThePhasesAndTheReportSaysSo()
    {
        var birds = new ZslAttnGan.Data.Synthetic.SyntheticBirdsOptions { Species = 8, UnseenSpecies = 2, ImagesPerSpecies = 10, ImageSize = 64 };
        using var folder = new TempFolder();
        var baseOptions = new QuickstartOptions { OutputDirectory = folder.Path, Synthetic = birds, Evaluation = null, Reserve = TimeSpan.Zero };
        // 0.1 min scales the default budget to a hundredth of it.
        var tenth = baseOptions.WithMinutes(0.1);
        Assert.Equal((QuickstartOptions.DefaultEncoderSteps / 100, QuickstartOptions.DefaultGanSteps / 100), (tenth.EncoderSteps, tenth.GanSteps));
        // The run itself gets 0.3 min (18 s): with 6 s, a busy machine could spend a phase's whole share before its
        // first step (seen once with a build running beside the tests), and the phases must train at least one step.
        var options = baseOptions.WithMinutes(0.3) with { EncoderSteps = 100_000, GanSteps = 100_000 };
        var result = QuickstartWorkflow.Run(options, NullWorkflowReporter.Instance);
        var report = QuickstartReportWriter.ReadJson(result.ReportJson!);
        Assert.Equal(0.3, report.TimeLimitMinutes);
        Assert.All(report.Phases, p => Assert.Equal("time limit", p.StoppedBy));
        Assert.All(report.Phases, p => Assert.InRange(p.Steps, 1, 99_999));
        Assert.Contains(report.Warnings, w => w.Contains("time limit stopped the gan", StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.WithMinutes(0));
    }
}
