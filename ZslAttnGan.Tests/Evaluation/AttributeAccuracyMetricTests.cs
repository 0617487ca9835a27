using ZslAttnGan.Testing;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Evaluation.Metrics;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>The attribute-accuracy metric prints the judge's held-out real accuracy and a grey floor beside every
/// generated-image figure, and warns when the judge is weak or unvalidated.</summary>
[Collection(AttributeJudgeCollection.Name)]
public class AttributeAccuracyMetricTests(AttributeJudgeFixture fixture)
{
    private static readonly string[] Splits = { "seen", "unseen" };

    private EvaluationReport Evaluate(EvaluationDataset dataset, ZslAttnGan.Text.Vocabulary vocabulary, int seenClasses, AttributeClassifierOptions judge)
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), vocabulary.Count, seenClasses, seed: 2);
        var options = new EvaluationOptions { SamplesPerSplit = 20, Metrics = new[] { "attribute_accuracy" }, AttributeClassifier = judge };
        return new Evaluator().Evaluate(model, vocabulary, dataset, options);
    }

    private IEnumerable<string> AttributeNames => fixture.Data.Attributes!.Attributes.Select(a => a.Name);

    [Fact]
    public void StrongJudgeReportsRealAccuracyOnEveryHeldOutImageAndAGreyFloorWithoutWarnings()
    {
        // The fixture's judge, read from its cache: the metric picks the same training images.
        var judge = new AttributeClassifierOptions { CachePath = fixture.Folder.Combine("judge", "attribute_classifier.safetensors") };
        var report = Evaluate(fixture.Dataset, fixture.Vocabulary, fixture.Data.Seen.Classes.Count, judge);
        var unseen = fixture.UnseenKeys;
        foreach (var split in new[] { EvaluationSplit.Seen, EvaluationSplit.Unseen })
        {
            int heldOut = fixture.Split.HeldOut.Count(i => unseen.Contains(i.Key) == (split == EvaluationSplit.Unseen));
            foreach (var attribute in AttributeNames)
            {
                var real = report.Find($"attribute_accuracy_real/{attribute}", split)!;
                Assert.Equal(heldOut, real.N);
                Assert.True(real.Value >= AttributeAccuracyMetric.TrustedRealAccuracy, $"{split} {attribute}: {real.Value}");
                var grey = report.Find($"attribute_accuracy_grey/{attribute}", split)!;
                Assert.True(real.Value - grey.Value >= 0.5, $"{split} {attribute}: grey {grey.Value} vs real {real.Value}");
            }
            Assert.NotNull(report.Find("attribute_accuracy", split));
        }
        Assert.DoesNotContain(report.Results, r => r.Note?.Contains("WARNING", StringComparison.Ordinal) == true);
        Assert.Contains(report.Results, r => r.Metric == "attribute_accuracy_real" && r.Note!.Contains($"trained on {fixture.Split.Train.Count}", StringComparison.Ordinal));
    }

    [Fact]
    public void WeakJudgeMarksEveryGeneratedFigureOfAnAttributeItReadsBadly()
    {
        // One channel and one epoch: a judge too weak to trust.
        var judge = new AttributeClassifierOptions { Width = 1, Epochs = 1, CachePath = fixture.Folder.Combine("weak-" + Guid.NewGuid().ToString("N"), "judge.safetensors") };
        var report = Evaluate(fixture.Dataset, fixture.Vocabulary, fixture.Data.Seen.Classes.Count, judge);
        int weak = 0;
        foreach (var split in new[] { EvaluationSplit.Seen, EvaluationSplit.Unseen })
        {
            foreach (var attribute in AttributeNames)
            {
                double real = report.Find($"attribute_accuracy_real/{attribute}", split)!.Value;
                var note = report.Find($"attribute_accuracy/{attribute}", split)!.Note;
                if (real < AttributeAccuracyMetric.TrustedRealAccuracy)
                {
                    weak++;
                    Assert.StartsWith("WARNING", note);
                    Assert.Contains(attribute, note);
                    Assert.Contains("WARNING", report.Find("attribute_accuracy", split)!.Note);
                }
                else Assert.Null(note);
            }
        }
        Assert.True(weak > 0, "the one-channel, one-epoch judge was expected to be weak somewhere");
    }

    [Fact]
    public void WithoutHeldOutRealImagesTheFiguresSayTheJudgeWasNotValidated()
    {
        using var folder = new TempFolder();
        var synthetic = new SyntheticBirdsOptions
        {
            Species = 6, UnseenSpecies = 2, ImagesPerSpecies = 6, ImageSize = 32, CaptionsPerImage = 1, TrainFraction = 1, Seed = 4, Workers = 1,
        };
        var result = SyntheticBirdsGenerator.Generate(folder.Path, synthetic);
        var vocabulary = CubDataset.Load(new CubOptions { Root = result.Root, CaptionsPerImage = 1 }).Vocabulary;
        var report = Evaluate(new EvaluationDataset { Root = result.Root, CaptionsPerImage = 1 }, vocabulary, synthetic.Species - synthetic.UnseenSpecies,
            new AttributeClassifierOptions { Width = 2, Epochs = 1, BatchSize = 8 });
        foreach (var split in Splits)
        {
            var s = Enum.Parse<EvaluationSplit>(split, ignoreCase: true);
            Assert.Null(report.Find("attribute_accuracy_real", s));
            Assert.Contains("not validated", report.Find("attribute_accuracy", s)!.Note);
            foreach (var attribute in AttributeNames) Assert.Contains("not validated", report.Find($"attribute_accuracy/{attribute}", s)!.Note);
        }
    }
}
