using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Inference;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Imaging;
using ZslAttnGan.Training;
using ZslAttnGan.Training.Checkpoints;
using ZslAttnGan.Workflows.Quickstart;
using ZslAttnGan.Workflows.Reporting;

namespace ZslAttnGan.Tests.Cli;

/// <summary>
/// Runs the CLI's quickstart in-process (the same <see cref="QuickstartWorkflow"/> the <c>quickstart</c> command
/// calls, without the console) with a one-minute budget, and checks everything it promises to write.
/// </summary>
[Trait("Category", "Slow")]
public class QuickstartTests
{
    [Fact]
    public void AOneMinuteQuickstartWritesDataCheckpointPreviewsAndReport()
    {
        using var folder = new TempFolder();
        var result = QuickstartWorkflow.Run(new QuickstartOptions { OutputDirectory = folder.Path, Budget = TimeSpan.FromMinutes(1) },
            NullWorkflowReporter.Instance);

        Assert.False(result.StoppedByUser);
        // Generous: the budget is wall time and other tests share the two cores, so a step can take several seconds.
        Assert.True(result.Elapsed < TimeSpan.FromMinutes(2), $"took {result.Elapsed}");

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
        Assert.Equal(1, report.BudgetMinutes);
        Assert.Equal(40, report.Dataset.SeenSpecies);
        Assert.Equal(10, report.Dataset.UnseenSpecies);
        Assert.Null(report.EvaluationNote);
        // Every metric for seen and unseen species (FID and IS need weights the quick start does not have).
        foreach (var (metric, split) in new[] { ("r_precision", "seen"), ("r_precision", "unseen"), ("zsl_top1", "unseen"),
                     ("gzsl_harmonic_mean", "all"), ("attribute_accuracy", "seen"), ("attribute_accuracy", "unseen") })
            Assert.Contains(report.Metrics, m => m.Name == metric && m.Split == split && double.IsFinite(m.Value));
        var markdown = File.ReadAllText(result.ReportMarkdown!);
        Assert.StartsWith("# ZslAttnGan quick start", markdown);
        Assert.Contains("previews/seen-vs-real.png", markdown);
        Assert.Contains("previews/unseen-attention.png", markdown);
    }
}
