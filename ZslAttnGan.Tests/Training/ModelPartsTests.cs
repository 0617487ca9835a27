using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Training;

public class ModelPartsTests : IDisposable
{
    private readonly string _dir = TinyModels.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void InferenceModelHasOnlyTextEncoderAndGenerator()
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1, ModelParts.Inference);
        Assert.Equal(new[] { ZslAttnGanModel.TextEncoderName, ZslAttnGanModel.GeneratorName }, model.Components().Select(c => c.Name));
        Assert.Empty(model.Discriminators);
        Assert.Null(model.ZslDiscriminator);
        Assert.Throws<InvalidOperationException>(() => model.ImageEncoder);
        Assert.Throws<ArgumentException>(() => new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()));
    }

    [Fact]
    public void EncodersModelTrainsTheEncoderPhaseWithTheFullModelsInitialWeights()
    {
        using var full = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1, ModelParts.Encoders);
        Assert.Equal(new[] { ZslAttnGanModel.TextEncoderName, ZslAttnGanModel.ImageEncoderName, ZslAttnGanModel.ZslDiscriminatorName },
            model.Components().Select(c => c.Name));
        Assert.Throws<InvalidOperationException>(() => model.Generator);
        var fullParts = full.Components().ToDictionary(c => c.Name, c => c.Module);
        foreach (var (name, module) in model.Components())
            foreach (var (key, t) in module.state_dict())
                Assert.True(t.equal(fullParts[name].state_dict()[key]).all().item<bool>(), $"{name}.{key}");
        Assert.Throws<ArgumentException>(() => new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()));
        using var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training());
        Assert.Equal(1, trainer.Train(new TinyTrainingData(2), 1).State.Step);
    }

    [Fact]
    public void InferenceModelLoadsTheSameWeightsFromACheckpoint()
    {
        var path = Path.Combine(_dir, "ckpt");
        using (var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1))
        using (var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = path })
            trainer.Train(new TinyTrainingData(2), 1);
        var loaded = Checkpoint.Open(path);
        using var full = loaded.CreateModel();
        using var small = loaded.CreateModel(parts: ModelParts.Inference);
        var fullParts = full.Components().ToDictionary(c => c.Name, c => c.Module);
        foreach (var (name, module) in small.Components())
            foreach (var (key, t) in module.state_dict())
                Assert.True(t.equal(fullParts[name].state_dict()[key]).all().item<bool>(), $"{name}.{key}");
    }
}
