using ZslAttnGan.Testing;
using ZslAttnGan.Discrimination;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Discrimination;

public class SpectralNormTests
{
    [Fact]
    public void PowerIterationDrivesTheLargestSingularValueToOne()
    {
        using var scope = NewDisposeScope();
        using var conv = new SpectralNormConv2d(3, 5, 3, padding: 1);
        // Explicit generator: the global one is shared with tests running in parallel.
        using var g = new Generator(1);
        ZslAttnGan.Initialization.DefaultInit.Reset(conv, g);
        conv.train();
        var x = randn(new long[] { 1, 3, 6, 6 }, generator: g);
        for (int i = 0; i < 300; i++) conv.forward(x);
        var w = conv.NormalizedWeight().reshape(5, -1);
        var top = linalg.svdvals(w)[0].item<float>();
        Assert.InRange(top, 0.999f, 1.001f);
        // The output equals a plain convolution with the normalised weight.
        conv.eval();
        TensorAssert.Close(nn.functional.conv2d(x, conv.NormalizedWeight(), conv.Bias, padding: new long[] { 1, 1 }), conv.forward(x), 1e-6, "conv");
    }

    [Fact]
    public void KeysFollowPyTorchsSpectralNorm()
    {
        using var d = new ImageDiscriminator(64, 2, 8, spectralNorm: true);
        var keys = d.state_dict().Keys.ToList();
        Assert.Contains("img_code_s16.0.weight_orig", keys);
        Assert.Contains("img_code_s16.0.weight_u", keys);
        Assert.Contains("img_code_s16.0.weight_v", keys);
        Assert.Contains("COND_DNET.outlogits.0.bias", keys);
        Assert.DoesNotContain("img_code_s16.0.weight", keys);
    }

    [Fact]
    public void GanTrainingWithSpectralNormIsFinite()
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan() with { DiscriminatorSpectralNorm = true }, TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training());
        var result = trainer.Train(new TinyTrainingData(2), 2);
        Assert.All(result.LastLosses, kv => Assert.True(double.IsFinite(kv.Value), kv.Key));
    }
}
