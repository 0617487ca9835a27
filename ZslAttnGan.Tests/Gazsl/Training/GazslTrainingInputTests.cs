using ZslAttnGan.Gazsl;
using ZslAttnGan.Gazsl.Training;

namespace ZslAttnGan.Tests.Gazsl.Training;

[Collection(GazslTrainerCollection.Name)]
public class GazslTrainingInputTests
{
    private static SyntheticZslTask Task() => new(seenClasses: 6, unseenClasses: 3, trainPerClass: 4, testPerClass: 3);

    private static void ThrowsNaming(string field, Action action)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        Assert.True(e.Message.Contains(field), $"expected '{field}' in: {e.Message}");
    }

    [Fact]
    public void DataValidationNamesTheField()
    {
        using var scope = NewDisposeScope();
        using var task = Task();
        var d = task.Data;
        ThrowsNaming(nameof(d.TrainLabels), () => (d with { TrainLabels = d.TrainLabels.Plus(Scalars.S(1)) }).Validate());
        ThrowsNaming(nameof(d.TrainLabels), () => (d with { TrainLabels = d.TrainLabels.to_type(ScalarType.Int32) }).Validate());
        ThrowsNaming(nameof(d.UnseenTestLabels), () => (d with { UnseenTestLabels = d.UnseenTestLabels.Minus(1.0).to_type(ScalarType.Int64) }).Validate());
        ThrowsNaming(nameof(d.UnseenConditions), () => (d with { UnseenConditions = randn(3, 5) }).Validate());
        ThrowsNaming(nameof(d.UnseenTestFeatures), () => (d with { UnseenTestFeatures = randn(9, 7) }).Validate());
        ThrowsNaming(nameof(d.TrainFeatures), () => (d with { TrainFeatures = d.TrainFeatures.Times(double.NaN) }).Validate());
        ThrowsNaming(nameof(d.SeenTestLabels), () => (d with { SeenTestLabels = null }).Validate());
        ThrowsNaming(nameof(d.ClassCentroids), () => (d with { ClassCentroids = randn(5, 12) }).Validate());
        // A seen class without training rows: class 5's rows relabelled to 4.
        ThrowsNaming("seen class 5", () => (d with { TrainLabels = d.TrainLabels.clamp_max(Scalars.S(4)).to_type(ScalarType.Int64) }).Validate());
    }

    [Fact]
    public void OptionValidationNamesTheField()
    {
        ThrowsNaming(nameof(GazslTrainingOptions.BatchSize), () => new GazslTrainingOptions { BatchSize = 0 }.Validate());
        ThrowsNaming(nameof(GazslTrainingOptions.Beta2), () => new GazslTrainingOptions { Beta2 = 1 }.Validate());
        ThrowsNaming(nameof(GazslTrainingOptions.LearningRate), () => new GazslTrainingOptions { LearningRate = double.NaN }.Validate());
        ThrowsNaming(nameof(GazslTrainingOptions.ValidationClassFraction), () => new GazslTrainingOptions { ValidationClassFraction = 1 }.Validate());
        ThrowsNaming("Centroid", () => new GazslTrainingOptions { LossWeights = new GazslLossWeights(Centroid: -1) }.Validate());
        ThrowsNaming(nameof(GazslTrainingOptions.ValidationClassCount), () => new GazslTrainingOptions { ValidationClassCount = 5 }.ValidationClasses(6));
    }

    [Fact]
    public void TrainerRefusesNetsAndKThatDoNotFit()
    {
        using var scope = NewDisposeScope();
        using var task = Task();
        var o = SyntheticZslTask.SmallOptions(2);
        using var g = new Generator(1);
        using var generator = GazslTextGenerator.Create(task.Data.ConditionSize, task.Data.FeatureSize, o.NetSizes, g);
        using var allClasses = GazslNets.CreateCritic(task.Data.FeatureSize, task.Data.SeenClasses, o.NetSizes, g);
        // ValidationSplit holds one of the 6 seen classes out: the critic must classify 5.
        ThrowsNaming("held out", () => new GazslTrainer(generator, allClasses, task.Data, o));
        using var wrongText = GazslTextGenerator.Create(task.Data.ConditionSize + 1, task.Data.FeatureSize, o.NetSizes, g);
        using var critic = GazslNets.CreateCritic(task.Data.FeatureSize, 5, o.NetSizes, g);
        ThrowsNaming("conditions of size", () => new GazslTrainer(wrongText, critic, task.Data, o));
        // 1 held-out class × 10 samples < K = 11.
        ThrowsNaming("K", () => GazslTrainer.Create(task.Data, o with { K = 11 }));
    }

    [Fact]
    public void ValidationSplitHoldsOutSeenClassesChosenBySeedAndNeverTrainsOnThem()
    {
        using var scope = NewDisposeScope();
        using var task = new SyntheticZslTask(seenClasses: 10, unseenClasses: 3, trainPerClass: 4, testPerClass: 3);
        var o = SyntheticZslTask.SmallOptions(1);
        using var a = GazslTrainer.Create(task.Data, o);
        using var b = GazslTrainer.Create(task.Data, o);
        Assert.Equal(2, a.HeldOutClasses.Count);                      // round(0.2 · 10)
        Assert.Equal(a.HeldOutClasses, b.HeldOutClasses);
        Assert.Equal(8, a.Critic.Classes);
        Assert.Equal(Enumerable.Range(0, 10), a.TrainedClasses.Concat(a.HeldOutClasses).Order());
        using var last = GazslTrainer.Create(task.Data, o with { ModelSelection = GazslModelSelection.Last });
        Assert.Empty(last.HeldOutClasses);
        Assert.Equal(10, last.Critic.Classes);
        string HeldOut(long seed)
        {
            using var t = GazslTrainer.Create(task.Data, o with { Seed = seed });
            return string.Join(",", t.HeldOutClasses);
        }
        Assert.True(Enumerable.Range(1, 6).Select(s => HeldOut(s)).Distinct().Count() > 1, "the held-out classes should depend on the seed");
    }
}
