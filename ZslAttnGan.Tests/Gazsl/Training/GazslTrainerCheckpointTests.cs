using ZslAttnGan.Checkpoints;
using ZslAttnGan.Gazsl.Training;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Gazsl.Training;

[Collection(GazslTrainerCollection.Name)]
public class GazslTrainerCheckpointTests
{
    // 8 seen classes × 5 rows; the validation split holds 2 classes out, leaving 30 training rows: batches of 16 cross
    // permutation boundaries at different offsets.
    private static SyntheticZslTask SmallTask() => new(seenClasses: 8, unseenClasses: 3, trainPerClass: 5, testPerClass: 4);

    private static GazslTrainingOptions Options(bool referenceSampler = false) =>
        SyntheticZslTask.SmallOptions(6) with { BatchSize = 16, EvaluationInterval = 2, ReferenceSampler = referenceSampler };

    /// <summary>Trains <paramref name="iterations"/> iterations with <see cref="Options"/>, checkpointing to <paramref name="dir"/>.</summary>
    private static void WriteCheckpoint(SyntheticZslTask task, string dir, int iterations)
    {
        using var trainer = GazslTrainer.Create(task.Data, Options());
        trainer.CheckpointDirectory = dir;
        trainer.Train(untilIteration: iterations);
    }

    private static Dictionary<string, Tensor> State(nn.Module m) =>
        m.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    private sealed class SyncProgress(Action<GazslTrainingProgress> report) : IProgress<GazslTrainingProgress>
    {
        public void Report(GazslTrainingProgress value) => report(value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HalfThenResumeThenHalfEqualsOneRunBitForBit(bool referenceSampler)
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        using var folder = new TempFolder();
        var dir = folder.Combine("ckpt");
        var options = Options(referenceSampler);

        using var whole = GazslTrainer.Create(task.Data, options);
        var expected = whole.Train();

        using (var first = GazslTrainer.Create(task.Data, options))
        {
            first.CheckpointDirectory = dir;
            Assert.Equal(3, first.Train(untilIteration: 3).Iteration);
        }
        using var second = GazslTrainer.Create(task.Data, options);
        second.Resume(dir);
        Assert.Equal(3, second.Iteration);
        var actual = second.Train();

        Assert.Equal(6, actual.Iteration);
        TensorAssert.EqualStateDicts(State(whole.Generator.Module), State(second.Generator.Module), "generator");
        TensorAssert.EqualStateDicts(State(whole.Critic), State(second.Critic), "critic");
        Assert.Equal(expected.Evaluations, actual.Evaluations);
        Assert.Equal(expected.Selected, actual.Selected);
        Assert.Equal(expected.LastLosses!.Generator, actual.LastLosses!.Generator);
        Assert.True(whole.ApplySelectedWeights());
        Assert.True(second.ApplySelectedWeights());
        TensorAssert.EqualStateDicts(State(whole.Generator.Module), State(second.Generator.Module), "selected generator");
    }

    [Fact]
    public void CancellationStopsAtAnIterationBoundaryAndWritesACheckpoint()
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        using var folder = new TempFolder();
        var dir = folder.Combine("ckpt");
        using var cts = new CancellationTokenSource();
        using var trainer = GazslTrainer.Create(task.Data, Options());
        trainer.CheckpointDirectory = dir;
        var result = trainer.Train(progress: new SyncProgress(p => { if (p.Iteration == 2) cts.Cancel(); }), cancellationToken: cts.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(2, result.Iteration);
        var manifest = GazslCheckpoint.ReadManifest(dir);
        Assert.Equal(2, manifest.Iteration);
        Assert.Equal(Options(), manifest.Options);
        Assert.Single(manifest.Evaluations);   // after iteration 1 (it = 0)
        TensorAssert.EqualStateDicts(State(trainer.Generator.Module), GazslCheckpoint.ReadTensors(dir, GazslCheckpoint.GeneratorFile), "checkpointed generator");
        Assert.DoesNotContain(Directory.EnumerateDirectories(folder.Path), d => Path.GetFileName(d).StartsWith('.'));

        using var resumed = GazslTrainer.Create(task.Data, Options());
        resumed.Resume(dir);
        Assert.Equal(6, resumed.Train().Iteration);
    }

    [Fact]
    public void ResumeRefusesOtherOptimisationOptionsNamingTheFieldButAcceptsAnotherSchedule()
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        using var folder = new TempFolder();
        var dir = folder.Combine("ckpt");
        WriteCheckpoint(task, dir, iterations: 2);

        using (var other = GazslTrainer.Create(task.Data, Options() with { LearningRate = 5e-4 }))
        {
            var e = Assert.Throws<CheckpointException>(() => other.Resume(dir));
            Assert.Contains("LearningRate", e.Message);
        }
        using (var other = GazslTrainer.Create(task.Data, Options() with { LossWeights = new ZslAttnGan.Gazsl.GazslLossWeights(Centroid: 2) }))
            Assert.Contains("LossWeights", Assert.Throws<CheckpointException>(() => other.Resume(dir)).Message);

        using var longer = GazslTrainer.Create(task.Data, Options() with { Iterations = 8, EvaluationInterval = 3, LogInterval = 1 });
        longer.Resume(dir);
        Assert.Equal(8, longer.Train().Iteration);
    }

    [Fact]
    public void AnAlteredOrTruncatedTensorFileIsRefusedNamingIt()
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        using var folder = new TempFolder();
        var dir = folder.Combine("ckpt");
        WriteCheckpoint(task, dir, iterations: 1);
        var manifest = GazslCheckpoint.ReadManifest(dir);
        Assert.Equal(manifest.TensorFiles.Select(f => f + ".safetensors").Order(), manifest.Files.Keys.Order());
        var critic = Path.Combine(dir, GazslCheckpoint.CriticFile + ".safetensors");
        var bytes = File.ReadAllBytes(critic);
        bytes[^1] ^= 0x01;                                          // one bit of the last weight
        File.WriteAllBytes(critic, bytes);
        var e = Assert.Throws<CheckpointException>(() => GazslCheckpoint.ReadManifest(dir));
        Assert.Contains("critic.safetensors does not match the SHA-256", e.Message);
        File.WriteAllBytes(critic, bytes[..^4]);
        using var resumed = GazslTrainer.Create(task.Data, Options());
        e = Assert.Throws<CheckpointException>(() => resumed.Resume(dir));
        Assert.Contains("critic.safetensors has", e.Message);
    }

    [Fact]
    public void ResumeRefusesOtherData()
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        using var bigger = new SyntheticZslTask(seenClasses: 8, unseenClasses: 3, trainPerClass: 6, testPerClass: 4);
        using var folder = new TempFolder();
        var dir = folder.Combine("ckpt");
        WriteCheckpoint(task, dir, iterations: 1);
        using var other = GazslTrainer.Create(bigger.Data, Options());
        Assert.Contains("other data", Assert.Throws<CheckpointException>(() => other.Resume(dir)).Message);
    }

    [Fact]
    public void ASaveKilledBetweenItsRenamesIsRepairedByTheNextRead()
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        using var folder = new TempFolder();
        var dir = folder.Combine("ckpt");
        using var trainer = GazslTrainer.Create(task.Data, Options());
        trainer.Train(untilIteration: 1);
        trainer.SaveCheckpoint(folder.Combine("first"));
        trainer.Train(untilIteration: 2);
        trainer.SaveCheckpoint(folder.Combine("second"));
        // As a kill after "move the previous aside" leaves it: nothing under the name, the new copy as a temporary.
        Directory.Move(folder.Combine("first"), folder.Combine(".ckpt.old-1"));
        Directory.Move(folder.Combine("second"), folder.Combine(".ckpt.tmp-2"));
        Assert.Equal(2, GazslCheckpoint.ReadManifest(dir).Iteration);   // the newer, temporary copy wins
        trainer.SaveCheckpoint(dir);
        Assert.Equal(new[] { "ckpt" }, Directory.EnumerateDirectories(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void LoadGeneratorRestoresTheSelectedWeights()
    {
        using var scope = NewDisposeScope();
        using var task = SmallTask();
        using var folder = new TempFolder();
        var dir = folder.Combine("ckpt");
        using var trainer = GazslTrainer.Create(task.Data, Options());
        trainer.CheckpointDirectory = dir;
        trainer.Train();
        using var latest = GazslCheckpoint.LoadGenerator(dir, selected: false);
        TensorAssert.EqualStateDicts(State(trainer.Generator.Module), State(latest.Module), "latest generator");
        using var selected = GazslCheckpoint.LoadGenerator(dir);
        trainer.ApplySelectedWeights();
        TensorAssert.EqualStateDicts(State(trainer.Generator.Module), State(selected.Module), "selected generator");
    }
}
