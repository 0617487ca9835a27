using CustomComponentExample;
using ZslAttnGan.Components;
using ZslAttnGan.Inference;
using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Models;

namespace CustomComponentExample.Tests;

/// <summary>The GRU encoder, from another assembly than the library, through train → checkpoint → reload → generate.</summary>
public class RoundTripTests
{
    private static ModelOptions Options() => TinyModels.ZslAttnGan() with
    {
        Components = new ComponentChoices { TextEncoder = GruTextEncoder.Spec(new GruTextEncoderOptions { WordEmbeddingSize = 8 }) },
    };

    [Fact]
    public void TrainsSavesReloadsAndGenerates()
    {
        GruTextEncoder.Register();
        var dir = TinyModels.TempDirectory();
        try
        {
            var checkpoint = Path.Combine(dir, "checkpoint");
            Dictionary<string, Tensor> trained;
            using (var model = TinyModels.Model(Options()))
            {
                Assert.IsType<GruTextEncoder>(model.TextEncoder);
                using (var encoders = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()))
                    encoders.Train(new TinyTrainingData(2), 2);
                using (var gan = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = checkpoint })
                    Assert.Equal(2, gan.Train(new TinyTrainingData(2), 2).State.Step);
                trained = model.TextEncoder.Module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            }

            var opened = Checkpoint.Open(checkpoint);
            Assert.Equal(GruTextEncoder.Spec(new GruTextEncoderOptions { WordEmbeddingSize = 8 }), opened.Manifest.Model.Components!.TextEncoder);
            Assert.Equal(new ComponentRecord(GruTextEncoder.TypeName, "CustomComponentExample"), opened.Manifest.Components[ZslAttnGanModel.TextEncoderName]);

            using var pipeline = TextToImagePipeline.Load(checkpoint);
            var reloaded = Assert.IsType<GruTextEncoder>(pipeline.Model.TextEncoder);
            TensorAssert.EqualStateDicts(trained, reloaded.state_dict(), "the GRU encoder's weights after the reload");
            using var result = pipeline.Generate("w1 w2 w3", count: 2, seed: 4);
            Assert.Equal(2, result.Images.Count);
            Assert.Equal(TinyModels.ImageSizes[^1], result.Images[0].Width);
            using var again = pipeline.Generate("w1 w2 w3", count: 2, seed: 4);
            TensorAssert.BitwiseEqual(result.StageImages[^1], again.StageImages[^1], "two generations with one seed");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
