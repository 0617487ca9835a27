using ZslAttnGan.Collectives;
using ZslAttnGan.Gazsl;
using ZslAttnGan.Gazsl.Training;
using ZslAttnGan.Testing;

namespace ZslAttnGan.Tests.Gazsl.Training;

/// <summary>GAZSL's nets have no BatchNorm, and every term of its objective is a per-row mean except the visual pivot,
/// whose class means are taken over the whole batch: so 2 ranks × B/2 rows must train what 1 process × B rows trains.</summary>
[Collection(GazslTrainerCollection.Name)]
public class GazslDataParallelTests
{
    private const int Iterations = 4;

    private static GazslTrainingOptions Options(GazslStepAlgorithm algorithm) =>
        SyntheticZslTask.SmallOptions(Iterations) with { BatchSize = 32, EvaluationInterval = 0, StepAlgorithm = algorithm, Threads = 1 };

    private static Dictionary<string, float[]> Weights(GazslTrainer t) =>
        t.Generator.Module.state_dict().Select(kv => ("generator." + kv.Key, kv.Value))
            .Concat(t.Critic.state_dict().Select(kv => ("critic." + kv.Key, kv.Value)))
            .ToDictionary(p => p.Item1, p => p.Item2.detach().cpu().data<float>().ToArray());

    [Theory]
    [InlineData(GazslStepAlgorithm.Fused)]
    [InlineData(GazslStepAlgorithm.Reference)]
    public void TwoRanksWithHalfTheBatchTrainWhatOneProcessTrains(GazslStepAlgorithm algorithm)
    {
        using var task = new SyntheticZslTask(seenClasses: 8, unseenClasses: 3, trainPerClass: 6, testPerClass: 3);
        Dictionary<string, float[]> single;
        using (var one = GazslTrainer.Create(task.Data, Options(algorithm)))
        {
            one.Train();
            single = Weights(one);
        }
        var ranks = InProcessGroup.Run(2, group =>
        {
            using var trainer = GazslTrainer.Create(task.Data, Options(algorithm));
            trainer.ProcessGroup = group;
            trainer.Train();
            return Weights(trainer);
        });
        foreach (var (name, expected) in single)
        {
            // Ranks are identical to the bit; against one process, float rounding of the split sums only.
            Assert.Equal(ranks[0][name], ranks[1][name]);
            double worst = expected.Zip(ranks[0][name], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst < 1e-5, $"{name}: 2 ranks differ from 1 process by {worst:G3}.");
        }
        // The comparison can fail: the same run on one rank's half of the data ends elsewhere.
        using var half = GazslTrainer.Create(task.Data, Options(algorithm) with { BatchSize = 16 });
        half.Train();
        var other = Weights(half);
        Assert.Contains(single.Keys, k => single[k].Zip(other[k], (a, b) => Math.Abs(a - b)).Max() > 1e-3);
    }

    [Fact]
    public void AWholeBatchSmallerThanTheRanksIsRefused()
    {
        using var task = new SyntheticZslTask(seenClasses: 8, unseenClasses: 3, trainPerClass: 6, testPerClass: 3);
        InProcessGroup.Run(2, group =>
        {
            using var trainer = GazslTrainer.Create(task.Data, Options(GazslStepAlgorithm.Fused) with { BatchSize = 1 });
            var e = Assert.Throws<ArgumentException>(() => trainer.ProcessGroup = group);
            Assert.Contains("2 ranks", e.Message);
        });
    }
}
