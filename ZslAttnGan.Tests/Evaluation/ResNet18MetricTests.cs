using ZslAttnGan.Testing;
using System.Diagnostics;
using Xunit.Abstractions;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Evaluation.Metrics;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Training;
using ZslAttnGan.Workflows.Evaluation;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Evaluation;

public class ResNet18MetricTests(ResNet18Fixture fixture, ITestOutputHelper output) : IClassFixture<ResNet18Fixture>
{
    private static readonly ResNet18MetricOptions Small = new() { FrdImages = 6, DiversityCaptions = 2, DiversitySeeds = 3 };

    private ZslAttnGanModel TinyModel(EvaluationData data) => new(TinyModels.ZslAttnGan(), fixture.Vocabulary.Count, data.Seen.Classes.Count, seed: 4);

    [Fact]
    public void RealImagesAreCloserToOtherRealImagesThanToNoise()
    {
        var data = EvaluationData.Load(fixture.Dataset, fixture.Vocabulary);
        var pool = data.Unseen!.Items;
        int n = pool.Count / 2;
        using var first = EvaluationData.LoadImages(pool.Take(n).ToList(), 64);
        using var second = EvaluationData.LoadImages(pool.Skip(n).Take(n).ToList(), 64);
        using var g = new torch.Generator(9);
        using var noise = rand(new long[] { n, 3, 64, 64 }, generator: g).mul(Scalars.S(2)).Plus(Scalars.S(-1));
        double floor = FrdMetric.Between(fixture.Extractor, second, first);
        double toNoise = FrdMetric.Between(fixture.Extractor, noise, first);
        output.WriteLine($"FRD with {n} unseen images per set: real vs real {floor:F1}, noise vs real {toNoise:F1}");
        Assert.True(floor > 0);
        Assert.True(floor < 0.5 * toNoise, $"real vs real {floor} should be well below noise vs real {toNoise}");
        Assert.InRange(FrdMetric.Between(fixture.Extractor, first, first), 0, 1e-6);
    }

    [Fact]
    public void EvaluatorReportsFrdAndDiversityForSeenAndUnseen()
    {
        var data = EvaluationData.Load(fixture.Dataset, fixture.Vocabulary);
        using var model = TinyModel(data);
        var options = new EvaluationOptions { SamplesPerSplit = 10, Metrics = new[] { "frd", "diversity_resnet18", "diversity" } };
        var registry = ResNet18Metrics.Register(new MetricRegistry(), Small);
        var clock = Stopwatch.StartNew();
        var report = new Evaluator(registry).Evaluate(model, fixture.Vocabulary, fixture.Dataset, options);
        output.WriteLine($"frd + diversity in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(report.ToMarkdown());

        foreach (var split in new[] { EvaluationSplit.Seen, EvaluationSplit.Unseen })
        {
            var frd = report.Find("frd", split)!;
            var floor = report.Find("frd_real", split)!;
            int expectedN = Math.Min(Small.FrdImages!.Value, data.Items(split).Count / 2);
            Assert.Equal(expectedN, frd.N);
            Assert.Equal(expectedN, floor.N);
            Assert.Contains(FrdMetric.NotFid, frd.Note);
            Assert.Contains(FrdMetric.NotFid, floor.Note);
            // An untrained generator's images are far from birds: further than a second sample of real birds.
            Assert.True(double.IsFinite(frd.Value) && frd.Value > floor.Value, $"{split}: frd {frd.Value} vs floor {floor.Value}");

            foreach (var name in new[] { "diversity_resnet18", "diversity" })
            {
                var generated = report.Find(name, split)!;
                var real = report.Find(name + "_real", split)!;
                var ratio = report.Find(name + "_ratio", split)!;
                Assert.Equal(Small.DiversityCaptions, generated.N);
                Assert.True(generated.Value >= 0 && real.Value > 0);
                Assert.Equal(generated.Value / real.Value, ratio.Value, 1e-12);
            }
        }
    }

    [Fact]
    public void VariationsAreSeveralSeedsOfOneCaptionPerSpecies()
    {
        var data = EvaluationData.Load(fixture.Dataset, fixture.Vocabulary);
        using var model = TinyModel(data);
        using var context = new EvaluationContext(model, fixture.Vocabulary, data, new EvaluationOptions());
        // Ask for one caption more than there are unseen species: one per species, no more.
        int species = data.Unseen!.Classes.Count;
        var v = context.Variations(EvaluationSplit.Unseen, captions: species + 1, seeds: 5);
        Assert.Equal(species, v.Captions.Count);
        Assert.Equal(new long[] { 5L * species, 3, context.ImageSize, context.ImageSize }, v.Images.shape);
        Assert.Equal(species, v.Items.Select(i => i.ClassIndex).Distinct().Count());
        for (int c = 0; c < species; c++)
        {
            Assert.Contains(v.Captions[c], v.Items[c].Captions);
            using var seeds = v.ImagesOf(c);
            // The seeds of one caption differ from each other (independent noise per image).
            for (int k = 1; k < 5; k++) Assert.False(seeds[0].allclose(seeds[k]), $"caption {c}: seed {k} equals seed 0");
        }
        Assert.Same(v, context.Variations(EvaluationSplit.Unseen, species + 1, 5));
        // Caption c's images do not depend on how many captions were asked for.
        using var other = new EvaluationContext(model, fixture.Vocabulary, data, new EvaluationOptions());
        var fewer = other.Variations(EvaluationSplit.Unseen, captions: 1, seeds: 5);
        Assert.True(fewer.Images.eq(v.Images.narrow(0, 0, 5)).all().item<bool>());
        Assert.Throws<ArgumentOutOfRangeException>(() => context.Variations(EvaluationSplit.Seen, 2, 1));
    }

    [Fact]
    public void MissingModelFilesMakeTheMetricsNotApplicableWithTheReason()
    {
        using var folder = new TempFolder();
        var data = EvaluationData.Load(fixture.Dataset, fixture.Vocabulary);
        using var model = TinyModel(data);
        var registry = ResNet18Metrics.Register(new MetricRegistry(), Small with { ModelDirectory = folder.Path });
        var report = new Evaluator(registry).Evaluate(model, fixture.Vocabulary, fixture.Dataset, new EvaluationOptions { SamplesPerSplit = 4 });
        // Only the pixel diversity, which needs no model file, has results.
        Assert.NotEmpty(report.Results);
        Assert.All(report.Results, r => Assert.StartsWith("diversity", r.Metric));
        Assert.DoesNotContain(report.Results, r => r.Metric.StartsWith("diversity_resnet18", StringComparison.Ordinal));
        foreach (var name in new[] { "frd", "diversity_resnet18" })
        {
            Assert.Contains(folder.Path, report.Metadata[$"skipped.{name}"]);
            Assert.Contains(ResNet18ModelFiles.PackageId, report.Metadata[$"skipped.{name}"]);
        }
    }

    [Fact]
    public void TheEvaluateWorkflowAndTheQuickStartRunTheResNet18Metrics()
    {
        var registry = EvaluateWorkflow.Metrics();
        Assert.IsType<FrdMetric>(registry.Get("frd"));
        Assert.IsType<ResNet18DiversityMetric>(registry.Get("diversity_resnet18"));
        Assert.IsType<PixelDiversityMetric>(registry.Get("diversity"));
        Assert.NotNull(registry.Get("r_precision"));
        var quick = new QuickstartEvaluation().ResNet18;
        Assert.NotNull(quick.FrdImages);
        Assert.Null(quick.Files.WhyMissing());
    }
}
