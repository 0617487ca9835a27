using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Training;

/// <summary>A GAN phase may start other image models on an encoders run's encoders; presets round-trip as JSON.</summary>
public class NewGanFromEncodersTests : IDisposable
{
    private readonly string _dir = TinyModels.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LoadedCheckpoint EncodersCheckpoint()
    {
        var path = Path.Combine(_dir, "enc");
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = path };
        trainer.Train(new TinyTrainingData(2), 2);
        return Checkpoint.Open(path);
    }

    [Fact]
    public void WiderImageModelsStartNewWhileTheEncodersAreTheCheckpoints()
    {
        var checkpoint = EncodersCheckpoint();
        var wider = TinyModels.ZslAttnGan() with
        {
            Generator = TinyModels.ZslAttnGan().Generator with { Ngf = 4 },
            DiscriminatorWidth = 4,
        };
        Assert.False(checkpoint.GanPartsDiffer(TinyModels.ZslAttnGan()));
        Assert.True(checkpoint.GanPartsDiffer(wider));
        Assert.True(checkpoint.GanPartsDiffer(TinyModels.ZslAttnGan() with { DiscriminatorSpectralNorm = true }));
        Assert.True(checkpoint.GanPartsDiffer(TinyModels.ZslAttnGan() with { DiscriminatorBatchNorm = false }));

        using var model = checkpoint.CreateModelWithNewGan(wider, seed: 3);
        Assert.Equal(4, model.Options.Generator.Ngf);
        Assert.Equal(4, model.Options.DiscriminatorWidth);
        using var original = checkpoint.CreateModel();
        foreach (var name in new[] { ZslAttnGanModel.TextEncoderName, ZslAttnGanModel.ImageEncoderName, ZslAttnGanModel.ZslDiscriminatorName })
        {
            var loaded = model.Components().Single(c => c.Name == name).Module.state_dict();
            var expected = original.Components().Single(c => c.Name == name).Module.state_dict();
            Assert.Equal(expected.Keys.Order(), loaded.Keys.Order());
            foreach (var key in expected.Keys)
                Assert.True(expected[key].eq(loaded[key]).all().item<bool>(), $"{name}.{key} is not the checkpoint's");
        }
        // The generator is new: its first weight differs from the checkpoint's (other shape, fresh draw).
        var generator = model.Components().Single(c => c.Name == ZslAttnGanModel.GeneratorName).Module.state_dict();
        var old = original.Components().Single(c => c.Name == ZslAttnGanModel.GeneratorName).Module.state_dict();
        Assert.Contains(generator.Keys, k => !old.ContainsKey(k) || !old[k].shape.SequenceEqual(generator[k].shape));
    }

    [Fact]
    public void AGeneratorThatDoesNotFitTheEncodersCodesIsRefusedNamingTheCheckpoint()
    {
        var checkpoint = EncodersCheckpoint();
        var misfit = TinyModels.ZslAttnGan() with { Generator = TinyModels.ZslAttnGan().Generator with { WordSize = 32 } };
        var e = Assert.Throws<CheckpointException>(() => checkpoint.CreateModelWithNewGan(misfit, seed: 1));
        Assert.Contains("WordSize", e.Message);
        Assert.Contains(checkpoint.Directory, e.Message);
    }

    [Fact]
    public void PresetsRoundTripThroughJsonFilesAndBadFilesNameThemselves()
    {
        foreach (var preset in Presets.All.Values)
        {
            var path = Path.Combine(_dir, preset.Name + ".json");
            PresetFile.Save(preset, path);
            Assert.Equal(preset, PresetFile.Load(path) with { });
            var loaded = PresetFile.Load(path);
            Assert.Equal(preset.Model, loaded.Model);
            Assert.Equal(preset.Loss, loaded.Loss);
            Assert.Equal(preset.Training, loaded.Training);
        }
        var bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, "{ \"Name\": \"x\", ");
        Assert.Contains(bad, Assert.Throws<InvalidDataException>(() => PresetFile.Load(bad)).Message);
        File.WriteAllText(bad, "{ \"Name\": \"x\" }");
        Assert.Contains("needs Name, Model, Loss and Training", Assert.Throws<InvalidDataException>(() => PresetFile.Load(bad)).Message);
        // A negative weight, whatever the preset's value is.
        var synthetic = System.Text.Json.Nodes.JsonNode.Parse(PresetFile.ToJson(Presets.Synthetic))!.AsObject();
        synthetic["Loss"]!["DamsmWeight"] = -1;
        File.WriteAllText(bad, synthetic.ToJsonString());
        Assert.Contains(bad, Assert.Throws<InvalidDataException>(() => PresetFile.Load(bad)).Message);
        Assert.Throws<FileNotFoundException>(() => PresetFile.Load(Path.Combine(_dir, "missing.json")));
    }

    [Fact]
    public void APresetFileWrittenBeforeRandomFlipExistedKeepsTheFlip()
    {
        // Files saved before the field existed lack it: they must load with the reference behaviour (flip on).
        var path = Path.Combine(_dir, "old.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(PresetFile.ToJson(Presets.ZslAttnGanCub with { RandomFlip = false }))!.AsObject();
        Assert.True(json.Remove(nameof(TrainingPreset.RandomFlip)));
        File.WriteAllText(path, json.ToJsonString());
        Assert.True(PresetFile.Load(path).RandomFlip);
        PresetFile.Save(Presets.ZslAttnGanCub with { RandomFlip = false }, path);
        Assert.False(PresetFile.Load(path).RandomFlip);
    }
}
