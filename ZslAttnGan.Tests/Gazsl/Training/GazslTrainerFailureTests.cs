using ZslAttnGan.Gazsl;
using ZslAttnGan.Gazsl.Training;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Gazsl.Training;

[Collection(GazslTrainerCollection.Name)]
public class GazslTrainerFailureTests
{
    private const int GenerateCallsPerIteration = 6;   // 5 critic sub-steps + 1 generator sub-step

    /// <summary>A text generator whose outputs are NaN for the Generate calls numbered in [from, to) (0-based).</summary>
    private sealed class PoisonedGenerator(GazslTextGenerator inner, int from, int to) : IGazslGenerator
    {
        private int _calls;
        public nn.Module Module => inner.Net;
        public int ConditionSize => inner.ConditionSize;
        public int NoiseSize => inner.NoiseSize;
        public int FeatureSize => inner.FeatureSize;
        public Tensor? TextReductionWeight => inner.TextReductionWeight;

        public Tensor Generate(Tensor conditions, Tensor noise)
        {
            var output = inner.Generate(conditions, noise);
            int call = _calls++;
            return call >= from && call < to ? output.Times(double.NaN) : output;
        }

        public void ResetParameters(Generator generator) => inner.ResetParameters(generator);
        public void Dispose() => inner.Dispose();
    }

    private static GazslTrainingOptions Options(GazslNonFiniteLossPolicy policy) => SyntheticZslTask.SmallOptions(4) with
    {
        BatchSize = 16, ModelSelection = GazslModelSelection.Last, EvaluationInterval = 0, CheckpointInterval = 1, NonFiniteLoss = policy,
    };

    private static (PoisonedGenerator Generator, ZslAttnGan.Zsl.ZslDiscriminator Critic) Nets(GazslTrainingData data, GazslTrainingOptions o, int from, int to)
    {
        using var g = new Generator(5);
        var inner = GazslTextGenerator.Create(data.ConditionSize, data.FeatureSize, o.NetSizes, g);
        return (new PoisonedGenerator(inner, from, to), GazslNets.CreateCritic(data.FeatureSize, GazslTrainer.TrainedClassCount(data, o), o.NetSizes, g));
    }

    [Fact]
    public void NonFiniteLossStopsNamingTheIterationSubStepLossAndLastCheckpoint()
    {
        using var scope = NewDisposeScope();
        using var task = new SyntheticZslTask(seenClasses: 6, unseenClasses: 3, trainPerClass: 5, testPerClass: 4);
        using var folder = new TempFolder();
        var dir = folder.Combine("ckpt");
        var o = Options(GazslNonFiniteLossPolicy.Throw);
        var (generator, critic) = Nets(task.Data, o, GenerateCallsPerIteration, int.MaxValue);   // from iteration 2 on
        using var _ = generator;
        using var __ = critic;
        using var trainer = new GazslTrainer(generator, critic, task.Data, o);
        trainer.CheckpointDirectory = dir;

        var e = Assert.Throws<GazslTrainingDivergedException>(() => trainer.Train());
        Assert.Equal(2, e.Iteration);
        Assert.Equal("critic step 1", e.SubStep);
        Assert.Equal("D_loss_fake", e.Loss);
        Assert.True(double.IsNaN(e.Value));
        Assert.Equal(Path.GetFullPath(dir), e.LastCheckpoint);
        Assert.Equal(1, e.LastCheckpointIteration);
        Assert.Contains("iteration 2", e.Message);
        Assert.Contains(Path.GetFullPath(dir), e.Message);
        // The poisoned sub-step took no optimiser step: the critic is still the checkpointed one.
        TensorAssert.EqualStateDicts(GazslCheckpoint.ReadTensors(dir, GazslCheckpoint.CriticFile),
            critic.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone()), "critic after the NaN");
        Assert.Equal(1, GazslCheckpoint.ReadManifest(dir).Iteration);
    }

    [Fact]
    public void SkipStepPolicySkipsOnlyThePoisonedSubStepsAndCountsThem()
    {
        using var scope = NewDisposeScope();
        using var task = new SyntheticZslTask(seenClasses: 6, unseenClasses: 3, trainPerClass: 5, testPerClass: 4);
        var o = Options(GazslNonFiniteLossPolicy.SkipStep) with { CheckpointInterval = 0 };
        // Iteration 2's critic steps 2 and 3.
        var (generator, critic) = Nets(task.Data, o, GenerateCallsPerIteration + 1, GenerateCallsPerIteration + 3);
        using var _ = generator;
        using var __ = critic;
        using var trainer = new GazslTrainer(generator, critic, task.Data, o);
        var losses = new List<GazslIterationLosses>();
        var result = trainer.Train(progress: new Progress(p => losses.Add(p.Losses)));
        Assert.Equal(4, result.Iteration);
        Assert.Equal(2, trainer.SkippedSteps);
        Assert.Equal(new[] { 5, 3, 5, 5 }, losses.Select(l => l.Critic.Count));
        Assert.All(critic.parameters().Concat(generator.Module.parameters()), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    private sealed class Progress(Action<GazslTrainingProgress> report) : IProgress<GazslTrainingProgress>
    {
        public void Report(GazslTrainingProgress value) => report(value);
    }
}
