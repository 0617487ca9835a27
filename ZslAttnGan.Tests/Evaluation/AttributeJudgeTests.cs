using System.Globalization;
using Xunit.Abstractions;
using ZslAttnGan.Data;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Evaluation.Metrics;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>The attribute judge on real synthetic birds: accurate on held-out images of seen and unseen species, never
/// trained on them, and not fooled by images without a bird.</summary>
[Collection(AttributeJudgeCollection.Name)]
public class AttributeJudgeTests(AttributeJudgeFixture fixture, ITestOutputHelper output)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public void JudgeReadsEveryAttributeOfHeldOutRealImagesOfSeenAndUnseenSpecies()
    {
        var unseen = fixture.UnseenKeys;
        foreach (var (name, items) in new[]
        {
            ("seen", fixture.Split.HeldOut.Where(i => !unseen.Contains(i.Key)).ToList()),
            ("unseen", fixture.Split.HeldOut.Where(i => unseen.Contains(i.Key)).ToList()),
        })
        {
            Assert.NotEmpty(items);
            var accuracy = AttributeJudgeFixture.Accuracy(fixture.Judge, items);
            output.WriteLine(string.Create(Inv, $"{name}: {string.Join(" / ", accuracy.Select(a => a.ToString("F3", Inv)))} on {items.Count} held-out images (trained in {fixture.TrainingSeconds:F1} s on {fixture.Split.Train.Count})"));
            for (int a = 0; a < accuracy.Length; a++)
                Assert.True(accuracy[a] >= AttributeAccuracyMetric.TrustedRealAccuracy,
                    $"{name} {fixture.Data.Attributes!.Attributes[a].Name}: {accuracy[a]:F3} on {items.Count} held-out images");
        }
    }

    [Fact]
    public void JudgeTrainsOnFlaggedImagesOfAllSpeciesAndHoldsOutTheRestOfEachSpecies()
    {
        var split = fixture.Split;
        var trainKeys = split.Train.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var heldOutKeys = split.HeldOut.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(trainKeys.Intersect(heldOutKeys));
        Assert.True(trainKeys.SetEquals(fixture.Data.TrainKeys), "the judge trains on exactly the images flagged 1 in train_test_split.txt");
        var all = fixture.Data.Seen.Items.Concat(fixture.Data.Unseen!.Items).ToList();
        Assert.Equal(all.Count, trainKeys.Count + heldOutKeys.Count);
        // Every species, unseen ones included, has images on both sides, so its held-out figure is a real test.
        foreach (var species in all.GroupBy(i => i.Key.Split('/')[0]))
        {
            Assert.Contains(species, i => trainKeys.Contains(i.Key));
            Assert.Contains(species, i => heldOutKeys.Contains(i.Key));
        }
    }

    [Fact]
    public void WithoutASplitFileEachSpeciesKeepsHeldOutImagesDisjointFromTraining()
    {
        using var folder = new TempFolder();
        var options = new SyntheticBirdsOptions { Species = 6, UnseenSpecies = 2, ImagesPerSpecies = 5, ImageSize = 32, CaptionsPerImage = 1, Seed = 9, Workers = 1 };
        var result = SyntheticBirdsGenerator.Generate(folder.Path, options);
        File.Delete(Path.Combine(result.Root, "train_test_split.txt"));
        var vocabulary = CubDataset.Load(new CubOptions { Root = result.Root, CaptionsPerImage = 1 }).Vocabulary;
        var data = EvaluationData.Load(new EvaluationDataset { Root = result.Root, CaptionsPerImage = 1 }, vocabulary);

        var split = AttributeJudgeSplit.Of(data, seed: 3);
        Assert.Empty(split.Train.Select(i => i.Key).Intersect(split.HeldOut.Select(i => i.Key)));
        Assert.Equal(options.Species * options.ImagesPerSpecies, split.Train.Count + split.HeldOut.Count);
        foreach (var species in split.HeldOut.Concat(split.Train).GroupBy(i => i.Key.Split('/')[0]))
            Assert.Contains(species, i => split.HeldOut.Contains(i));
        Assert.Equal(split.HeldOut.Select(i => i.Key), AttributeJudgeSplit.Of(data, seed: 3).HeldOut.Select(i => i.Key));
    }

    [Fact]
    public void JudgeReadsNoiseAndGreyImagesNoBetterThanAConstantGuess()
    {
        // Targets: the held-out images' attributes, as a generator's images would be scored. Images without a bird carry
        // no information about them, so a sound judge scores at most what always naming the commonest value scores.
        var targets = fixture.Split.HeldOut;
        int n = targets.Count, size = AttributeJudgeFixture.GeneratedSize;
        using var g = new Generator(11);
        using var noise = rand(new long[] { n, 3, size, size }, generator: g).mul(Scalars(2.0)).sub(Scalars(1.0));
        using var grey = AttributeAccuracyMetric.GreyImages(n, size);
        using var truth = AttributeJudgeFixture.Truth(targets);
        var real = AttributeJudgeFixture.Accuracy(fixture.Judge, targets);
        foreach (var (name, images) in new[] { ("noise", noise), ("grey", grey) })
        {
            using var predicted = fixture.Judge.Predict(images);
            var accuracy = AttributeAccuracy.PerAttribute(predicted, truth);
            for (int a = 0; a < accuracy.Length; a++)
            {
                double commonest = targets.GroupBy(i => i.Attributes![a]).Max(v => v.Count()) / (double)n;
                // Three binomial standard errors above the constant guess.
                double bound = commonest + 3 * Math.Sqrt(commonest * (1 - commonest) / n);
                output.WriteLine(string.Create(Inv, $"{name} {a}: {accuracy[a]:F3} (commonest value {commonest:F3}, chance {AttributeAccuracy.Chance(fixture.ValueCounts[a]):F3}, real {real[a]:F3})"));
                Assert.True(accuracy[a] <= bound, $"{name}, attribute {a}: {accuracy[a]:F3} > {bound:F3}");
                Assert.True(real[a] - accuracy[a] >= 0.5, $"{name}, attribute {a}: {accuracy[a]:F3} is close to the real {real[a]:F3}");
            }
        }
    }

    private static Scalar Scalars(double v) => ZslAttnGan.TorchSharpWorkarounds.Scalars.S(v);
}
