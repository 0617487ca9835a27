using ZslAttnGan.Gazsl.Training;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Gazsl.Training;

[Collection(GazslTrainerCollection.Name)]
public class GazslTrainerSelectionTests
{
    private static SyntheticZslTask SmallTask() => new(seenClasses: 8, unseenClasses: 3, trainPerClass: 5, testPerClass: 4);

    private static GazslTrainingOptions Options(GazslModelSelection selection) =>
        SyntheticZslTask.SmallOptions(8) with { BatchSize = 16, EvaluationInterval = 1, ModelSelection = selection };

    [Fact]
    public void TestSetLikeReferenceKeepsTheFirstBestTestAccuracyAndHoldsNothingOut()
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        using var trainer = GazslTrainer.Create(task.Data, Options(GazslModelSelection.TestSetLikeReference));
        var result = trainer.Train();
        Assert.Empty(trainer.HeldOutClasses);
        Assert.All(result.Evaluations, e => Assert.Null(e.ValidationAccuracy));
        double best = result.Evaluations.Max(e => e.ZslAccuracy);
        Assert.Equal(result.Evaluations.First(e => e.ZslAccuracy == best), result.Selected);
    }

    [Fact]
    public void ValidationSplitSelectsOnHeldOutSeenClassesOnly()
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        using var trainer = GazslTrainer.Create(task.Data, Options(GazslModelSelection.ValidationSplit));
        var result = trainer.Train();
        double best = result.Evaluations.Max(e => e.ValidationAccuracy!.Value);
        Assert.Equal(result.Evaluations.First(e => e.ValidationAccuracy == best), result.Selected);
    }

    [Fact]
    public void GbuPresetTrainsTheAttributeGeneratorAndSelectsOnMeanPerClassAccuracy()
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        var small = Options(GazslModelSelection.TestSetLikeReference);
        var options = GazslPresets.Gbu with
        {
            Iterations = small.Iterations, BatchSize = small.BatchSize, LearningRate = small.LearningRate, NetSizes = small.NetSizes,
            SamplesPerClass = small.SamplesPerClass, K = small.K, EvaluationInterval = 1, EvaluationStart = 0, LogInterval = 0,
            CheckpointInterval = 0, Threads = 1, ModelSelection = GazslModelSelection.TestSetLikeReference,
        };
        using var trainer = GazslTrainer.Create(task.Data, options);
        Assert.IsType<ZslAttnGan.Gazsl.GazslAttributeGenerator>(trainer.Generator);
        var result = trainer.Train();
        Assert.Equal(0, result.LastLosses!.Generator.RegWzLoss);
        double best = result.Evaluations.Max(e => e.ZslMeanPerClassAccuracy);
        Assert.Equal(result.Evaluations.First(e => e.ZslMeanPerClassAccuracy == best), result.Selected);
    }

    [Fact]
    public void LastKeepsTheFinalWeights()
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        using var trainer = GazslTrainer.Create(task.Data, Options(GazslModelSelection.Last));
        var result = trainer.Train();
        Assert.Null(result.Selected);
        Assert.Equal(8, result.Evaluations.Count);
        Assert.False(trainer.ApplySelectedWeights());
    }

    [Fact]
    public void TrainingEvaluationCheckpointsAndResumeLeaveNoTensorsBehind()
    {
        using var task = SmallTask();
        using var folder = new TempFolder();
        var dir = folder.Combine("ckpt");
        using var trainer = GazslTrainer.Create(task.Data, Options(GazslModelSelection.ValidationSplit) with { CheckpointInterval = 1 });
        trainer.CheckpointDirectory = dir;
        trainer.Train(untilIteration: 2);      // creates the optimisers' state and the selected weights
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        long Live() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var deltas = new List<string>();
        void Step(string what, Action a) { long b = Live(); a(); deltas.Add($"{what} {Live() - b}"); }
        Step("train", () => trainer.Train(untilIteration: 3));
        Step("train-no-eval-ckpt", () => { trainer.CheckpointDirectory = null; trainer.Train(untilIteration: 4); trainer.CheckpointDirectory = dir; });
        Step("evaluate", () => trainer.Evaluate());
        Step("save", () => trainer.SaveCheckpoint(dir));
        Step("resume", () => trainer.Resume(dir));
        Step("apply", () => trainer.ApplySelectedWeights());
        Assert.True(before == Live(), string.Join("; ", deltas));
    }
}
