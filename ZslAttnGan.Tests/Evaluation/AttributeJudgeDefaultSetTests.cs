using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Evaluation.Metrics;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>
/// The judge on the quick start's own data: the default synthetic birds (default <see cref="SyntheticBirdsOptions"/>,
/// and the same with another generator seed), trained with the default <see cref="AttributeClassifierOptions"/> and
/// with another training seed, reads every attribute of the held-out real images of seen and unseen species at
/// ≥ <see cref="AttributeAccuracyMetric.TrustedRealAccuracy"/>. About 30 s on quiet cores (a minute on a busy machine): two sets of 1,250 images, four trainings.
/// </summary>
[Trait("Category", "Slow")]
public class AttributeJudgeDefaultSetTests(ITestOutputHelper output)
{
    [Fact]
    public void JudgeIsAccurateOnTheDefaultSyntheticBirdsForSeveralDataAndTrainingSeeds()
    {
        var defaults = new SyntheticBirdsOptions();
        var judgeDefaults = new AttributeClassifierOptions();
        foreach (int dataSeed in new[] { defaults.Seed, defaults.Seed + 1 })
        {
            using var folder = new TempFolder();
            var synthetic = defaults with { Seed = dataSeed };
            var result = SyntheticBirdsGenerator.Generate(folder.Path, synthetic);
            var vocabulary = CubDataset.Load(new CubOptions { Root = result.Root, CaptionsPerImage = synthetic.CaptionsPerImage }).Vocabulary;
            var data = EvaluationData.Load(new EvaluationDataset { Root = result.Root, CaptionsPerImage = synthetic.CaptionsPerImage }, vocabulary);
            var split = AttributeJudgeSplit.Of(data, seed: 0);
            var counts = data.Attributes!.Attributes.Select(a => a.Values.Count).ToArray();
            var unseen = data.Unseen!.Items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
            var heldOut = new[] { false, true }.Select(u => split.HeldOut.Where(i => unseen.Contains(i.Key) == u).ToList()).ToArray();
            foreach (int judgeSeed in new[] { judgeDefaults.Seed, judgeDefaults.Seed + 1 })
            {
                var clock = Stopwatch.StartNew();
                using var judge = AttributeClassifierTrainer.LoadOrTrain(split.Train, counts, folder.Combine("judge" + judgeSeed, "judge.safetensors"),
                    judgeDefaults with { Seed = judgeSeed }, out bool cached);
                double seconds = clock.Elapsed.TotalSeconds;
                Assert.False(cached);
                for (int s = 0; s < 2; s++)
                {
                    Assert.NotEmpty(heldOut[s]);
                    var accuracy = AttributeJudgeFixture.Accuracy(judge, heldOut[s]);
                    string name = s == 0 ? "seen" : "unseen";
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"data seed {dataSeed}, judge seed {judgeSeed}: {name} {string.Join(" / ", accuracy.Select(a => a.ToString("F3", CultureInfo.InvariantCulture)))} on {heldOut[s].Count} held-out images; trained on {split.Train.Count} in {seconds:F1} s (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})"));
                    for (int a = 0; a < accuracy.Length; a++)
                        Assert.True(accuracy[a] >= AttributeAccuracyMetric.TrustedRealAccuracy,
                            $"data seed {dataSeed}, judge seed {judgeSeed}, {name} {data.Attributes.Attributes[a].Name}: {accuracy[a]:F3}");
                }
            }
        }
    }
}
