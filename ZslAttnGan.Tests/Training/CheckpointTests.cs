using ZslAttnGan.Testing;
using System.Text.Json.Nodes;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Training;

public class CheckpointTests : IDisposable
{
    private readonly string _dir = TinyModels.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TrainedCheckpoint(string name = "ckpt")
    {
        var path = Path.Combine(_dir, name);
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = path };
        trainer.Train(new TinyTrainingData(2), 1);
        return path;
    }

    private static void EditManifest(string dir, Action<JsonObject> edit)
    {
        var file = Path.Combine(dir, Checkpoint.ManifestFile);
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        edit(json);
        File.WriteAllText(file, json.ToJsonString());
    }

    [Fact]
    public void RoundTripRestoresEveryWeightAndTheOptions()
    {
        var path = TrainedCheckpoint();
        var loaded = Checkpoint.Open(path);
        Assert.Equal(TinyModels.ZslAttnGan(), loaded.Manifest.Model);
        Assert.Equal(TinyModels.Training(), loaded.Manifest.Training);
        using var a = loaded.CreateModel();
        using var b = loaded.CreateModel();
        foreach (var ((name, ma), (_, mb)) in a.Components().Zip(b.Components()))
            foreach (var (key, t) in ma.state_dict())
                Assert.True(t.equal(mb.state_dict()[key]).all().item<bool>(), $"{name}.{key}");
        Assert.DoesNotContain(Directory.GetDirectories(_dir), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void AnotherFormatVersionIsRefused()
    {
        var path = TrainedCheckpoint();
        EditManifest(path, j => j["FormatVersion"] = 99);
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Open(path));
        Assert.Contains("format version 99", ex.Message);
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        var path = TrainedCheckpoint();
        var file = Path.Combine(path, "generator.safetensors");
        using (var s = File.OpenWrite(file)) s.SetLength(s.Length / 2);
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Open(path));
        Assert.Contains("generator.safetensors", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void AHalfWrittenCheckpointWithoutManifestIsRefused()
    {
        var path = TrainedCheckpoint();
        File.Delete(Path.Combine(path, Checkpoint.ManifestFile));
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Open(path));
        Assert.Contains("never finished", ex.Message);
    }

    [Fact]
    public void AnAlteredFileIsRefused()
    {
        var path = TrainedCheckpoint();
        var file = Path.Combine(path, "text_encoder.safetensors");
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        Assert.Contains("SHA-256", Assert.Throws<CheckpointException>(() => Checkpoint.Open(path)).Message);
    }

    [Fact]
    public void MismatchedModelOptionsAreRefusedWithBothSides()
    {
        var loaded = Checkpoint.Open(TrainedCheckpoint());
        var other = TinyModels.ZslAttnGan() with { DiscriminatorWidth = 4 };
        using var model = new ZslAttnGanModel(other, TinyModels.VocabularySize, TinyModels.ClassCount);
        var ex = Assert.Throws<CheckpointException>(() => loaded.LoadWeights(model));
        Assert.Contains("DiscriminatorWidth", ex.Message);
    }

    [Fact]
    public void MismatchedShapesInAFileAreRefusedNamingTheKey()
    {
        var path = TrainedCheckpoint();
        // Claim a wider discriminator in the manifest: the stored tensors no longer fit the model it describes.
        EditManifest(path, j => j["Model"]!["DiscriminatorWidth"] = 4);
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Open(path).CreateModel());
        Assert.Contains("discriminator_32.safetensors", ex.Message);
        Assert.Contains("expected shape", ex.Message);
    }

    [Fact]
    public void ResumeRefusesAnotherVocabularyAnotherPhaseAndOtherOptions()
    {
        var loaded = Checkpoint.Open(TrainedCheckpoint());
        using var model = loaded.CreateModel();
        var otherWords = ZslAttnGan.Text.Vocabulary.FromWords(new[] { "<end>" }.Concat(Enumerable.Range(1, TinyModels.VocabularySize - 1).Select(i => $"x{i}")));
        using (var t = new EncoderTrainer(model, otherWords, training: TinyModels.Training()))
            Assert.Contains("vocabulary", Assert.Throws<CheckpointException>(() => t.Resume(loaded)).Message);
        using (var t = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()))
            Assert.Contains("'encoders' phase", Assert.Throws<CheckpointException>(() => t.Resume(loaded)).Message);
        using (var t = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training() with { EncoderLearningRate = 0.5 }))
            Assert.Contains("training options", Assert.Throws<CheckpointException>(() => t.Resume(loaded)).Message);
        using (var t = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training() with { Seed = 77 }))
            Assert.Contains("training options", Assert.Throws<CheckpointException>(() => t.Resume(loaded)).Message);
    }

    [Fact]
    public void AResumedRunMayChangeItsScheduleAndTheNewIntervalsApply()
    {
        var loaded = Checkpoint.Open(TrainedCheckpoint());
        using var model = loaded.CreateModel();
        var rolling = Path.Combine(_dir, "rolling");
        var schedule = TinyModels.Training() with { CheckpointInterval = 1, LogInterval = 1, PreviewInterval = 2, HeapReleaseInterval = 3, NonFiniteLoss = NonFiniteLossPolicy.SkipBatch };
        using var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: schedule) { CheckpointDirectory = rolling };
        trainer.Resume(loaded);
        var steps = new List<long>();
        trainer.Observers.Add(new CheckpointSteps(steps));
        trainer.Train(new TinyTrainingData(2), 3);
        // Checkpoints at every step from the resumed step 1 on (steps 2 and 3; the final one at 3 again).
        Assert.Equal(new long[] { 2, 3, 3 }, steps);
        Assert.Equal(1, Checkpoint.Open(rolling).Manifest.Training!.CheckpointInterval);
        Assert.True(TinyModels.Training().SameOptimisationAs(schedule));
        Assert.False(TinyModels.Training().SameOptimisationAs(schedule with { Seed = 6 }));
    }

    private sealed class CheckpointSteps(List<long> steps) : ITrainingObserver
    {
        public void OnCheckpoint(Trainer trainer, string directory) => steps.Add(trainer.State.Step);
    }

    [Fact]
    public void SavingOverAnExistingCheckpointReplacesItWhole()
    {
        var path = TrainedCheckpoint();
        var before = Checkpoint.Open(path).Manifest.State!.Step;
        using var model = Checkpoint.Open(path).CreateModel();
        using var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = path };
        trainer.Resume(Checkpoint.Open(path));
        trainer.Train(new TinyTrainingData(2), 3);
        Assert.Equal(1, before);
        Assert.Equal(3, Checkpoint.Open(path).Manifest.State!.Step);
        Assert.Single(Directory.GetDirectories(_dir));
    }
}
