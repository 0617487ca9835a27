using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Training;

public class TrainerTests : IDisposable
{
    private readonly string _dir = TinyModels.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Trainer Create(string phase, ZslAttnGanModel model, TrainingOptions? options = null, string? checkpoints = null) => phase switch
    {
        "encoders" => new EncoderTrainer(model, TinyModels.Vocabulary(), training: options ?? TinyModels.Training()) { CheckpointDirectory = checkpoints },
        "gan" => new GanTrainer(model, TinyModels.Vocabulary(), training: options ?? TinyModels.Training()) { CheckpointDirectory = checkpoints },
        _ => new JointTrainer(model, TinyModels.Vocabulary(), training: options ?? TinyModels.Training()) { CheckpointDirectory = checkpoints },
    };

    [Theory]
    [InlineData("encoders", true)]
    [InlineData("gan", true)]
    [InlineData("joint", true)]
    [InlineData("encoders", false)]
    [InlineData("gan", false)]
    public void AFewStepsGiveFiniteLosses(string phase, bool zsl)
    {
        using var model = new ZslAttnGanModel((zsl ? TinyModels.ZslAttnGan() : TinyModels.AttnGan()), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using var trainer = Create(phase, model);
        var seen = new List<TrainingProgress>();
        var result = trainer.Train(new TinyTrainingData(2), 3, new SyncProgress<TrainingProgress>(seen.Add));
        Assert.Equal(3, result.State.Step);
        Assert.Equal(3, seen.Count);
        Assert.NotEmpty(result.LastLosses);
        Assert.All(result.LastLosses, kv => Assert.True(double.IsFinite(kv.Value), $"{kv.Key} = {kv.Value}"));
        if (zsl && phase != "gan") Assert.Contains("zsl_d", result.LastLosses.Keys);
        if (!zsl && phase == "gan") Assert.Contains("kl", result.LastLosses.Keys);
        Assert.Equal(1, result.State.Epoch); // 3 steps of 2 batches per epoch: epoch 0 done, epoch 1 at batch 1
        Assert.Equal(1, result.State.BatchInEpoch);
    }

    [Fact]
    public void EncoderLossesFallWhenOverfittingOneBatch()
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 2);
        using var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training() with { EncoderLearningRate = 0.01 });
        var totals = new List<double>();
        trainer.Train(new TinyTrainingData(1, batchSize: 6, fixedBatch: true), 40, new SyncProgress<TrainingProgress>(p => totals.Add(p.Losses["w_loss0"] + p.Losses["s_loss0"])));
        Assert.True(totals.TakeLast(5).Average() < 0.5 * totals.Take(5).Average(), $"DAMSM did not fall: {string.Join(", ", totals.Select(t => t.ToString("F3")))}");
    }

    [Fact]
    public void GeneratorDamsmLossFallsWhenOverfittingOneBatch()
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 3);
        using var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training() with { GeneratorLearningRate = 0.005 });
        var terms = new List<double>();
        trainer.Train(new TinyTrainingData(1, batchSize: 6, fixedBatch: true), 40, new SyncProgress<TrainingProgress>(p => terms.Add(p.Losses["g_w_loss"] + p.Losses["g_s_loss"])));
        Assert.True(terms.TakeLast(5).Average() < terms.Take(5).Average(), $"generator DAMSM terms did not fall: {string.Join(", ", terms.Select(t => t.ToString("F3")))}");
    }

    [Theory]
    [InlineData("encoders")]
    [InlineData("joint")]
    public void ResumedRunEqualsUninterruptedRun(string phase)
    {
        var data = new TinyTrainingData(3);
        Dictionary<string, Tensor> Run(Action<Trainer>? midway)
        {
            using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 4);
            using var trainer = Create(phase, model);
            trainer.Train(data, 4);
            return Dump(model);
        }
        var straight = Run(null);

        var ckpt = Path.Combine(_dir, "half");
        using (var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 4))
        using (var first = Create(phase, model, checkpoints: ckpt))
            first.Train(data, 2);

        var loaded = Checkpoint.Open(ckpt);
        using var resumedModel = loaded.CreateModel();
        using var second = Create(phase, resumedModel);
        second.Resume(loaded);
        Assert.Equal(2, second.State.Step);
        second.Train(data, 4);
        AssertSameWeights(straight, Dump(resumedModel));
    }

    /// <summary>
    /// A run killed right after a rolling checkpoint resumes to the same weights as an uninterrupted run, whatever the
    /// checkpoint's position within the epoch: with 3 batches per epoch, steps 1–6 cover every position of two epochs,
    /// including each epoch's last batch (which once saved a position that resumed into an empty epoch).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void RunKilledAfterARollingCheckpointAtAnyPositionResumesExactly(int savedAtStep)
    {
        const int batchesPerEpoch = 3, totalSteps = 7;
        var data = new TinyTrainingData(batchesPerEpoch);
        var options = TinyModels.Training() with { CheckpointInterval = savedAtStep, PreviewInterval = savedAtStep };
        var straight = TrainAndDump(data, options, totalSteps);

        // "Kill" the first run just after its rolling checkpoint at savedAtStep: the preview callback runs after the
        // save, so a copy taken there is what a killed process leaves on disk.
        var rolling = Path.Combine(_dir, $"rolling{savedAtStep}");
        var killed = Path.Combine(_dir, $"killed{savedAtStep}");
        using (var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 4))
        using (var first = new JointTrainer(model, TinyModels.Vocabulary(), training: options)
               {
                   CheckpointDirectory = rolling,
                   PreviewCallback = (_, step) => { if (step == savedAtStep) CopyDirectory(rolling, killed); },
               })
            first.Train(data, savedAtStep + 1);

        var loaded = Checkpoint.Open(killed);
        Assert.Equal(savedAtStep, loaded.Manifest.State!.Step);
        Assert.True(loaded.Manifest.State.BatchInEpoch < batchesPerEpoch, $"saved position {loaded.Manifest.State} has no batch left in its epoch");
        using var resumedModel = loaded.CreateModel();
        using var second = new JointTrainer(resumedModel, TinyModels.Vocabulary(), training: options);
        second.Resume(loaded);
        second.Train(data, totalSteps);
        Assert.Equal(totalSteps, second.State.Step);
        AssertSameWeights(straight, Dump(resumedModel));
    }

    [Fact]
    public void ACheckpointThatPointsPastTheEndOfItsEpochStillResumes()
    {
        // Checkpoints written before the position was normalised say (epoch e, batch = batches per epoch).
        var data = new TinyTrainingData(3);
        var ckpt = Path.Combine(_dir, "old-style");
        using (var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 4))
        using (var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()))
        {
            trainer.Train(data, 3);
            typeof(Trainer).GetProperty(nameof(Trainer.State))!.SetValue(trainer, new TrainingState("encoders", 3, 0, 3, 0));
            trainer.SaveCheckpoint(ckpt);
        }
        var loaded = Checkpoint.Open(ckpt);
        using var resumedModel = loaded.CreateModel();
        using var again = new EncoderTrainer(resumedModel, TinyModels.Vocabulary(), training: TinyModels.Training());
        again.Resume(loaded);
        var result = again.Train(data, 5);
        Assert.Equal(5, result.State.Step);
        Assert.Equal(new TrainingState("encoders", 5, 1, 2, 0), result.State);
    }

    private static Dictionary<string, Tensor> TrainAndDump(TinyTrainingData data, TrainingOptions options, int steps)
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 4);
        using var trainer = new JointTrainer(model, TinyModels.Vocabulary(), training: options);
        trainer.Train(data, steps);
        return Dump(model);
    }

    private static Dictionary<string, Tensor> Dump(ZslAttnGanModel model) =>
        model.Components().SelectMany(c => c.Module.state_dict().Select(kv => ($"{c.Name}.{kv.Key}", kv.Value.clone())))
             .ToDictionary(x => x.Item1, x => x.Item2);

    private static void AssertSameWeights(Dictionary<string, Tensor> expected, Dictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
        var differing = expected.Where(kv => !kv.Value.equal(actual[kv.Key]).all().item<bool>())
            .Select(kv => $"{kv.Key} (max |diff| {(kv.Value.to_type(ScalarType.Float64) - actual[kv.Key].to_type(ScalarType.Float64)).abs().max().item<double>():G3})").ToList();
        Assert.True(differing.Count == 0, $"differ after resume: {string.Join(", ", differing)}");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

    [Fact]
    public void CancellationStopsAtAStepBoundaryAndLeavesALoadableCheckpoint()
    {
        var ckpt = Path.Combine(_dir, "cancel");
        using var cts = new CancellationTokenSource();
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 5);
        using var trainer = Create("gan", model, checkpoints: ckpt);
        var result = trainer.Train(new TinyTrainingData(5), 100, new SyncProgress<TrainingProgress>(p => { if (p.Step == 2) cts.Cancel(); }), cts.Token);
        Assert.True(result.Cancelled);
        Assert.Equal(2, result.State.Step);
        var loaded = Checkpoint.Open(ckpt);
        Assert.Equal(2, loaded.Manifest.State!.Step);
        using var again = loaded.CreateModel();
        Assert.True(loaded.HasTensors(GanTrainer.EmaName));
    }

    [Fact]
    public void CancellationWhileTheDataSourceWaitsStillSavesAndReturns()
    {
        var ckpt = Path.Combine(_dir, "cancel-wait");
        using var cts = new CancellationTokenSource();
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 5);
        using var trainer = Create("encoders", model, checkpoints: ckpt);
        // The cancel arrives while the next epoch's first batch is awaited, as with DataLoader's prefetch channel.
        var result = trainer.Train(new CancelledWhileWaiting(new TinyTrainingData(2), cts, cancelAtEpoch: 1), 100, null, cts.Token);
        Assert.True(result.Cancelled);
        Assert.Equal(2, result.State.Step);
        Assert.Equal(2, Checkpoint.Open(ckpt).Manifest.State!.Step);
    }

    private sealed class CancelledWhileWaiting(ITrainingData inner, CancellationTokenSource cts, int cancelAtEpoch) : ITrainingData
    {
        public int BatchesPerEpoch => inner.BatchesPerEpoch;
        public int ClassCount => inner.ClassCount;
        public IReadOnlyList<int> ImageSizes => inner.ImageSizes;

        public IEnumerable<ITrainingBatch> Batches(int epoch, int startBatch, Device device, CancellationToken cancellationToken)
        {
            if (epoch == cancelAtEpoch)
            {
                cts.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
            return inner.Batches(epoch, startBatch, device, cancellationToken);
        }
    }

    [Fact]
    public void NonFiniteLossThrowsWithTheStepAndKeepsTheLastCheckpoint()
    {
        var ckpt = Path.Combine(_dir, "diverge");
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 6);
        using var trainer = Create("encoders", model, TinyModels.Training() with { CheckpointInterval = 1 }, ckpt);
        var data = new TinyTrainingData(4, poison: (e, b) => b == 2);
        var ex = Assert.Throws<TrainingDivergedException>(() => trainer.Train(data, 10));
        Assert.Equal(3, ex.Step);
        Assert.Equal("encoder_total", ex.Loss);
        var loaded = Checkpoint.Open(ckpt);
        Assert.Equal(2, loaded.Manifest.State!.Step);
        Assert.All(loaded.Manifest.Metrics, kv => Assert.True(double.IsFinite(kv.Value)));
    }

    [Fact]
    public void SkipPolicyCountsBadBatchesAndGoesOn()
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 7);
        using var trainer = Create("encoders", model, TinyModels.Training() with { NonFiniteLoss = NonFiniteLossPolicy.SkipBatch });
        var result = trainer.Train(new TinyTrainingData(4, poison: (e, b) => b == 1), 4);
        Assert.Equal(4, result.State.Step);
        Assert.Equal(1, result.State.SkippedBatches);
        Assert.True(model.TextEncoder.Module.parameters().All(p => !p.isnan().any().item<bool>()));
    }

    [Fact]
    public void LearningRateDecayReachesTheOptimiser()
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 8);
        using var trainer = Create("encoders", model, TinyModels.Training() with { EncoderLearningRate = 0.01, EncoderLearningRateDecay = 0.5 });
        var rates = new List<double>();
        trainer.Train(new TinyTrainingData(1), 4, new SyncProgress<TrainingProgress>(p => rates.Add(p.LearningRates["encoders"])));
        // Epochs 0..3 (one batch each): 0.01, 0.005, 0.0025, 0.00125 — the floor (0.001) stops the decay after that.
        Assert.Equal(new[] { 0.01, 0.005, 0.0025, 0.00125 }, rates.Select(r => Math.Round(r, 6)));
    }
}

/// <summary>IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
