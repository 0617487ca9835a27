using ZslAttnGan.Checkpoints;
using ZslAttnGan.Collectives;
using ZslAttnGan.Models;
using ZslAttnGan.Testing;
using ZslAttnGan.Training;

namespace ZslAttnGan.Tests.Collectives;

/// <summary>Data-parallel training with ranks as threads (<see cref="InProcessGroup"/>): the same trainer code runs under
/// MPI, where ZslAttnGan.Distributed's tests check it across processes.</summary>
public class DataParallelTrainingTests : IDisposable
{
    private const int Ranks = 2, Steps = 3;
    private readonly string _dir = TinyModels.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Trainer Create(string phase, ZslAttnGanModel model, IProcessGroup group, TrainingOptions? training = null, string? checkpoint = null) => phase switch
    {
        "encoders" => new EncoderTrainer(model, TinyModels.Vocabulary(), training: training ?? TinyModels.Training()) { ProcessGroup = group, CheckpointDirectory = checkpoint },
        "gan" => new GanTrainer(model, TinyModels.Vocabulary(), training: training ?? TinyModels.Training()) { ProcessGroup = group, CheckpointDirectory = checkpoint },
        _ => new JointTrainer(model, TinyModels.Vocabulary(), training: training ?? TinyModels.Training()) { ProcessGroup = group, CheckpointDirectory = checkpoint },
    };

    /// <summary>Each rank trains its own shard from its own initial weights (seeded by rank, so only the broadcast can
    /// make them equal); afterwards every tensor of the state (weights, buffers, optimiser moments, EMA) is byte-identical.</summary>
    [Theory]
    [InlineData("encoders")]
    [InlineData("gan")]
    [InlineData("joint")]
    public void EveryRankEndsWithByteIdenticalState(string phase)
    {
        var sums = InProcessGroup.Run(Ranks, group =>
        {
            using var model = TinyModels.Model(seed: 10 + group.Rank);
            using var trainer = Create(phase, model, group);
            trainer.Train(new ShardedTrainingData(new TinyTrainingData(4), group.Rank, group.Size), Steps);
            return trainer.StateChecksums();
        });
        Assert.NotEmpty(sums[0]);
        Assert.Contains(sums[0].Keys, k => k.StartsWith("optimizer/", StringComparison.Ordinal));
        Assert.Equal(sums[0], sums[1]);
    }

    /// <summary>With synchronised BatchNorm the ranks stay identical too, and their BatchNorm statistics are those of the
    /// whole batch (they differ from a per-rank run's).</summary>
    [Fact]
    public void SynchronisedBatchNormKeepsTheRanksIdentical()
    {
        SortedDictionary<string, string>[] Run(bool synchronized) => InProcessGroup.Run(Ranks, group =>
        {
            using var model = TinyModels.Model(seed: 4);
            using var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { ProcessGroup = group, SynchronizeBatchNorm = synchronized };
            trainer.Train(new ShardedTrainingData(new TinyTrainingData(4), group.Rank, group.Size), Steps);
            return trainer.StateChecksums();
        });
        var synced = Run(true);
        Assert.Equal(synced[0], synced[1]);
        var perRank = Run(false);
        Assert.NotEqual(synced[0].Where(kv => kv.Key.Contains("running_mean", StringComparison.Ordinal)),
                        perRank[0].Where(kv => kv.Key.Contains("running_mean", StringComparison.Ordinal)));
    }

    /// <summary>The same run without gradient averaging: the ranks' shards differ, so their weights drift apart. This is
    /// what the test above would see if averaging were missing.</summary>
    [Fact]
    public void WithoutAveragingTheRanksDiverge()
    {
        var sums = InProcessGroup.Run(Ranks, group =>
        {
            using var model = TinyModels.Model(seed: 10);
            using var trainer = Create("gan", model, SingleProcessGroup.Instance);
            trainer.Train(new ShardedTrainingData(new TinyTrainingData(4), group.Rank, group.Size), Steps);
            return trainer.StateChecksums();
        });
        Assert.NotEqual(sums[0].Where(kv => kv.Key.StartsWith("model/generator", StringComparison.Ordinal)),
                        sums[1].Where(kv => kv.Key.StartsWith("model/generator", StringComparison.Ordinal)));
    }

    /// <summary>A world of one through the group API trains bit for bit as a trainer without a group.</summary>
    [Fact]
    public void AWorldOfOneChangesNothing()
    {
        SortedDictionary<string, string> Run(IProcessGroup? group)
        {
            using var model = TinyModels.Model(seed: 3);
            using var trainer = group is null ? Create("joint", model, SingleProcessGroup.Instance) : Create("joint", model, group);
            trainer.Train(new TinyTrainingData(3), Steps);
            return trainer.StateChecksums();
        }
        var one = InProcessGroup.Run(1, g => Run(g))[0];
        Assert.Equal(Run(null), one);
    }

    [Fact]
    public void OnlyRankZeroWritesCheckpointsAndCallsObservers()
    {
        var observed = InProcessGroup.Run(Ranks, group =>
        {
            using var model = TinyModels.Model(seed: 1);
            var training = TinyModels.Training() with { CheckpointInterval = 1 };
            using var trainer = Create("encoders", model, group, training, Path.Combine(_dir, $"rank{group.Rank}"));
            var observer = new CountingObserver();
            trainer.Observers.Add(observer);
            trainer.Train(new ShardedTrainingData(new TinyTrainingData(4), group.Rank, group.Size), 2);
            return observer.Steps;
        });
        Assert.True(File.Exists(Path.Combine(_dir, "rank0", Checkpoint.ManifestFile)));
        Assert.False(Directory.Exists(Path.Combine(_dir, "rank1")));
        Assert.Equal(2, observed[0]);
        Assert.Equal(0, observed[1]);
    }

    /// <summary>Cancelling one rank's token (Ctrl-C on one machine) stops every rank at the same step.</summary>
    [Fact]
    public void CancellingOneRankStopsAllAtTheSameStep()
    {
        var results = InProcessGroup.Run(Ranks, group =>
        {
            using var model = TinyModels.Model(seed: 1);
            using var trainer = Create("encoders", model, group);
            using var cts = new CancellationTokenSource();
            var progress = new SynchronousProgress(p => { if (group.Rank == 1 && p.Step == 2) cts.Cancel(); });
            return trainer.Train(new ShardedTrainingData(new TinyTrainingData(8), group.Rank, group.Size), 6, progress, cts.Token);
        });
        Assert.All(results, r => Assert.True(r.Cancelled));
        Assert.All(results, r => Assert.Equal(2, r.State.Step));
    }

    /// <summary>A NaN in one rank's shard makes every rank skip that step (policy Skip), so they stay identical.</summary>
    [Fact]
    public void ANonFiniteLossOnOneRankIsSkippedOnAll()
    {
        var results = InProcessGroup.Run(Ranks, group =>
        {
            using var model = TinyModels.Model(seed: 1);
            var training = TinyModels.Training() with { NonFiniteLoss = NonFiniteLossPolicy.SkipBatch };
            using var trainer = Create("encoders", model, group, training);
            // The poisoned image is the first row of the whole batch: it lands in rank 0's shard only.
            var data = new TinyTrainingData(4, poison: (epoch, batch) => batch == 1);
            var result = trainer.Train(new ShardedTrainingData(data, group.Rank, group.Size), 3);
            return (result.State.SkippedBatches, Sums: trainer.StateChecksums());
        });
        Assert.Equal(1, results[0].SkippedBatches);
        Assert.Equal(1, results[1].SkippedBatches);
        Assert.Equal(results[0].Sums, results[1].Sums);
    }

    /// <summary>A run checkpointed on 2 ranks resumes on 1 and on 2 ranks; on 2 ranks both resume where it stopped and stay identical.</summary>
    [Fact]
    public void ARunResumesOnAnyNumberOfRanks()
    {
        var path = Path.Combine(_dir, "ckpt");
        InProcessGroup.Run(Ranks, group =>
        {
            using var model = TinyModels.Model(seed: 1);
            using var trainer = Create("gan", model, group, checkpoint: path);
            trainer.Train(new ShardedTrainingData(new TinyTrainingData(4), group.Rank, group.Size), 2);
        });
        Assert.True(Checkpoint.Open(path).Manifest.RandomStates.ContainsKey("trainer_rank1"));
        foreach (var ranks in new[] { 1, 2 })
        {
            var sums = InProcessGroup.Run(ranks, group =>
            {
                var loaded = Checkpoint.Open(path);
                using var model = loaded.CreateModel();
                using var trainer = Create("gan", model, group);
                trainer.Resume(loaded);
                var result = trainer.Train(new ShardedTrainingData(new TinyTrainingData(4), group.Rank, group.Size), 4);
                Assert.Equal(4, result.State.Step);
                return trainer.StateChecksums();
            });
            Assert.All(sums, s => Assert.Equal(sums[0], s));
        }
    }

    [Fact]
    public void ShardsOfABatchAreDisjointContiguousAndCoverIt()
    {
        using var whole = new TinyTrainingData(1, batchSize: 6).Batches(0, 0, TorchSharp.torch.CPU, default).Single();
        var parts = Enumerable.Range(0, 3).Select(r => new ShardedTrainingData(new TinyTrainingData(1, batchSize: 6), r, 3).Batches(0, 0, TorchSharp.torch.CPU, default).Single()).ToList();
        try
        {
            using var joined = TorchSharp.torch.cat(parts.Select(p => p.Images[^1]).ToArray(), 0);
            Assert.True(joined.equal(whole.Images[^1]).all().item<bool>());
            Assert.All(parts, p => Assert.Equal(2, p.Captions.shape[0]));
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShardedTrainingData(new TinyTrainingData(1), 2, 2));
    }

    private sealed class CountingObserver : ITrainingObserver
    {
        public int Steps { get; private set; }
        public void OnStep(Trainer trainer, TrainingProgress progress) => Steps++;
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
