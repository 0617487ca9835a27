using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Training;

public class ModelInitTests
{
    private static Dictionary<string, Tensor> Weights(ZslAttnGanModel m) =>
        m.Components().SelectMany(c => c.Module.state_dict().Select(kv => ($"{c.Name}.{kv.Key}", kv.Value))).ToDictionary(x => x.Item1, x => x.Item2);

    [Fact]
    public void TheSeedAloneDecidesTheInitialWeights()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var a = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 9);
        manual_seed(2); // other code drawing from the process-wide generator must not matter
        randn(100);
        using var b = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 9);
        using var c = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 10);
        var wa = Weights(a); var wb = Weights(b); var wc = Weights(c);
        Assert.All(wa, kv => Assert.True(kv.Value.equal(wb[kv.Key]).all().item<bool>(), kv.Key));
        Assert.False(wa["text_encoder.encoder.weight"].equal(wc["text_encoder.encoder.weight"]).all().item<bool>());
        Assert.False(wa["generator.h_net1.fc.1.weight"].equal(wc["generator.h_net1.fc.1.weight"]).all().item<bool>());
    }

    [Fact]
    public void ReferenceInitialisationRangesHold()
    {
        using var scope = NewDisposeScope();
        using var m = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 3);
        var w = Weights(m);
        Assert.True(w["text_encoder.encoder.weight"].abs().max().item<float>() <= 0.1f);
        Assert.True(w["image_encoder.emb_features.weight"].abs().max().item<float>() <= 0.1f);
        var bn = w["discriminator_64.img_code_s16.3.weight"];
        Assert.InRange(bn.mean().item<float>(), 0.95f, 1.05f);
    }
}
