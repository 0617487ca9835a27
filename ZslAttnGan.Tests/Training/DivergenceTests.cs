using ZslAttnGan.Testing;
using System.Runtime.InteropServices;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Training;

/// <summary>A run that diverges ends with <see cref="TrainingDivergedException"/> naming the step, the loss and the last
/// good checkpoint, never with libtorch's native error.</summary>
public class DivergenceTests : IDisposable
{
    private readonly string _dir = TinyModels.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("gan")]
    [InlineData("joint")]
    public void HugeLearningRatesEndInTrainingDivergedExceptionWithTheLastCheckpoint(string phase)
    {
        var checkpoints = Path.Combine(_dir, phase);
        var options = TinyModels.Training() with
        {
            GeneratorLearningRate = 1e30, DiscriminatorLearningRate = 1e30, EncoderLearningRate = 1e30, ZslDiscriminatorLearningRate = 1e30,
            CheckpointInterval = 1,
        };
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using Trainer trainer = phase == "gan"
            ? new GanTrainer(model, TinyModels.Vocabulary(), training: options) { CheckpointDirectory = checkpoints }
            : new JointTrainer(model, TinyModels.Vocabulary(), training: options) { CheckpointDirectory = checkpoints };
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(new TinyTrainingData(4), 40));
        Assert.False(double.IsFinite(e.Value));
        Assert.Contains($"'{e.Loss}'", e.Message);
        Assert.DoesNotContain("frame #", e.Message);
        // The discriminator's first update already sends the generator's loss to NaN: no checkpoint yet, and it says so.
        if (e.LastCheckpoint is null) Assert.Contains("No checkpoint was written", e.Message);
        else Assert.Equal(e.Step - 1, Checkpoint.Open(e.LastCheckpoint).Manifest.State!.Step);
    }

    [Theory]
    [InlineData("gan")]
    [InlineData("joint")]
    public void ANonFiniteImageEndsTheRunWithTheLossNameAndTheLastGoodCheckpoint(string phase)
    {
        // A NaN pixel in the third batch: the discriminator's probabilities become NaN (libtorch's BCE used to refuse
        // them with a native error before the non-finite check could name the loss).
        var checkpoints = Path.Combine(_dir, "poisoned-" + phase);
        var options = TinyModels.Training() with { CheckpointInterval = 1 };
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using Trainer trainer = phase == "gan"
            ? new GanTrainer(model, TinyModels.Vocabulary(), training: options) { CheckpointDirectory = checkpoints }
            : new JointTrainer(model, TinyModels.Vocabulary(), training: options) { CheckpointDirectory = checkpoints };
        var data = new TinyTrainingData(4, poison: (epoch, batch) => epoch == 0 && batch == 2);
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(data, 10));
        Assert.Equal(3, e.Step);
        Assert.False(double.IsFinite(e.Value));
        Assert.Contains($"'{e.Loss}'", e.Message);
        Assert.Equal(Path.GetFullPath(checkpoints), e.LastCheckpoint);
        Assert.Equal(2, e.LastCheckpointStep);
        Assert.Contains(Path.GetFullPath(checkpoints), e.Message);
        Assert.Equal(2, Checkpoint.Open(checkpoints).Manifest.State!.Step);
    }

    [Fact]
    public void NativeErrorMessagesKeepTheirFirstLineOnly()
    {
        const string native = "all elements of input should be between 0 and 1\nException raised from operator() at /pytorch/aten/src/ATen/native/Loss.cpp:279 (most recent call first):\nframe #0: c10::Error::Error(...) + 0xb0";
        Assert.Equal("all elements of input should be between 0 and 1", NativeErrors.FirstLine(native));
        Assert.Equal("a b", NativeErrors.FirstLine("a\nb."));
        Assert.Equal("unknown native error", NativeErrors.FirstLine("frame #0: x"));
        Assert.Equal("all elements of input should be between 0 and 1", ZslAttnGan.Cli.Terminal.ErrorMessages.OneLine(new ExternalException(native)));
    }
}
