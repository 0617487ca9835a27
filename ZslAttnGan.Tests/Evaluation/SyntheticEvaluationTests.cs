using ZslAttnGan.Testing;
using System.Diagnostics;
using Xunit.Abstractions;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>A small synthetic bird set generated once for the tests of this class.</summary>
public sealed class SyntheticEvaluationFixture : IDisposable
{
    public SyntheticEvaluationFixture()
    {
        Folder = new TempFolder();
        Result = SyntheticBirdsGenerator.Generate(Folder.Path, new SyntheticBirdsOptions
        {
            Species = 12, UnseenSpecies = 3, ImagesPerSpecies = 12, ImageSize = 64, CaptionsPerImage = 4, Seed = 3, Workers = 2,
        });
        Vocabulary = CubDataset.Load(new CubOptions { Root = Result.Root, CaptionsPerImage = 4 }).Vocabulary;
    }

    public TempFolder Folder { get; }
    public SyntheticBirdsResult Result { get; }
    public Vocabulary Vocabulary { get; }
    public EvaluationDataset Dataset => new() { Root = Result.Root, CaptionsPerImage = 4 };

    public void Dispose() => Folder.Dispose();
}

public class SyntheticEvaluationTests(SyntheticEvaluationFixture fixture, ITestOutputHelper output) : IClassFixture<SyntheticEvaluationFixture>
{
    // The judge with its default recipe: the evaluation below also checks its real-image rows.
    private static readonly AttributeClassifierOptions Classifier = new();

    [Fact]
    public void EvaluatorReportsEveryMetricForSeenAndUnseenDeterministically()
    {
        var data = EvaluationData.Load(fixture.Dataset, fixture.Vocabulary);
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), fixture.Vocabulary.Count, data.Seen.Classes.Count, seed: 2);
        using var isClassifier = nn.Sequential(nn.AdaptiveAvgPool2d(4), nn.Flatten(), nn.Linear(48, 5));
        var options = new EvaluationOptions
        {
            SamplesPerSplit = 20, RPrecisionPoolSize = 10, ZslCodesPerClass = 10, ZslNeighbours = 5, InceptionScoreClassifier = isClassifier,
            InceptionScoreImageSize = null, AttributeClassifier = Classifier with { CachePath = fixture.Folder.Combine("eval-cache", "attr.safetensors") },
        };
        var steps = new List<EvaluationProgress>();
        var sw = Stopwatch.StartNew();
        var report = new Evaluator().Evaluate(model, fixture.Vocabulary, fixture.Dataset, options, new SyncProgress(steps.Add));
        output.WriteLine($"evaluation took {sw.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(report.ToMarkdown());

        foreach (var split in new[] { EvaluationSplit.Seen, EvaluationSplit.Unseen })
        {
            foreach (var metric in new[] { "r_precision", "inception_score", "attribute_accuracy", "attribute_accuracy_real", "gzsl_class_accuracy" })
                Assert.NotNull(report.Find(metric, split));
            Assert.InRange(report.Find("r_precision", split)!.Value, 0, 1);
            Assert.InRange(report.Find("inception_score", split)!.Value, 1, 5);
        }
        Assert.InRange(report.Find("zsl_top1", EvaluationSplit.Unseen)!.Value, 0, 1);
        Assert.InRange(report.Find("gzsl_auc", EvaluationSplit.All)!.Value, 0, 1);
        Assert.NotNull(report.Find("gzsl_harmonic_mean", EvaluationSplit.All));
        Assert.Equal(1.0 / 6, report.Find("attribute_chance/body_colour", EvaluationSplit.All)!.Value, 1e-12);
        Assert.Contains("skipped.fid", report.Metadata.Keys);
        Assert.Contains(steps, s => s.Metric == "gzsl");

        // Same seed, same numbers (the attribute classifier now comes from the cache).
        var again = new Evaluator().Evaluate(model, fixture.Vocabulary, fixture.Dataset, options with { Metrics = new[] { "r_precision", "zsl_accuracy", "attribute_accuracy" } });
        foreach (var r in again.Results) Assert.Equal(report.Find(r.Metric, r.Split)!.Value, r.Value);

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new Evaluator().Evaluate(model, fixture.Vocabulary, fixture.Dataset, options, cancellationToken: cts.Token));
    }

    /// <summary>Progress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => report(value);
    }
}
