using TorchSharp.PyBridge;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Training;
using ZslAttnGan.Vision;

namespace ZslAttnGan.Tests.Evaluation;

public class InceptionFeatureTests(SyntheticEvaluationFixture fixture) : IClassFixture<SyntheticEvaluationFixture>
{
    /// <summary>A torchvision-shaped weights file: the trunk's keys (random weights) plus AuxLogits/fc keys to be ignored.</summary>
    private static string WriteWeights(TempFolder tmp, bool dropKey = false)
    {
        using var trunk = new InceptionV3Trunk();
        using var g = new torch.Generator(3);
        ZslAttnGan.Initialization.DefaultInit.Reset(trunk, g);
        var state = trunk.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        // PyTorch-default conv init shrinks the activations ~6× in variance per layer; over Inception's depth they reach
        // subnormal floats, which are very slow on CPUs. A BatchNorm gain of √6 keeps them near unit scale.
        foreach (var key in state.Keys.Where(k => k.EndsWith(".bn.weight", StringComparison.Ordinal)).ToList()) state[key].fill_(2.45);
        state["fc.weight"] = zeros(1000, 2048);
        state["AuxLogits.fc.bias"] = zeros(1000);
        if (dropKey) state.Remove("Mixed_7c.branch_pool.conv.weight");
        var path = tmp.Combine(dropKey ? "broken.safetensors" : "inception.safetensors");
        Safetensors.SaveStateDict(path, state);
        foreach (var t in state.Values) t.Dispose();
        return path;
    }

    [Fact]
    public void LoadsTorchvisionKeysAndGivesPool3Features()
    {
        using var tmp = new TempFolder();
        using var extractor = InceptionFeatureExtractor.Load(WriteWeights(tmp));
        Assert.Equal(64, extractor.WeightsSha256.Length);
        using var g = new torch.Generator(4);
        using var images = rand(new long[] { 3, 3, 64, 64 }, generator: g) * 2 - 1;
        using var features = extractor.Features(images, batchSize: 2);
        Assert.Equal(new long[] { 3, 2048 }, features.shape);
        Assert.False(features.isnan().any().item<bool>());
        var e = Assert.Throws<ArgumentException>(() => InceptionFeatureExtractor.Load(WriteWeights(tmp, dropKey: true)));
        Assert.Contains("Mixed_7c.branch_pool.conv.weight", e.Message);
        Assert.Throws<FileNotFoundException>(() => InceptionFeatureExtractor.Load(tmp.Combine("missing.safetensors")));
    }

    [Fact]
    public void FidMetricCachesReferenceStatisticsUnderTheImageSetChecksum()
    {
        using var tmp = new TempFolder();
        var weights = WriteWeights(tmp);
        var data = EvaluationData.Load(fixture.Dataset, fixture.Vocabulary);
        using var model = new ZslAttnGanModel(TinyTraining.Model(), fixture.Vocabulary.Count, data.Seen.Classes.Count, seed: 2);
        var options = new EvaluationOptions
        {
            Metrics = new[] { "fid" }, SamplesPerSplit = 2, FidReferenceImages = 2, FidWeightsFile = weights, FidCacheDirectory = tmp.Combine("fid"),
        };
        var first = new Evaluator().Evaluate(model, fixture.Vocabulary, fixture.Dataset, options);
        var cached = Directory.GetFiles(tmp.Combine("fid"));
        Assert.Equal(2, cached.Length); // seen and unseen reference sets
        var stamps = cached.Select(File.GetLastWriteTimeUtc).ToArray();
        var second = new Evaluator().Evaluate(model, fixture.Vocabulary, fixture.Dataset, options);
        Assert.Equal(stamps, cached.Select(File.GetLastWriteTimeUtc).ToArray());
        foreach (var split in new[] { EvaluationSplit.Seen, EvaluationSplit.Unseen })
        {
            Assert.True(first.Find("fid", split)!.Value >= 0);
            Assert.Equal(first.Find("fid", split)!.Value, second.Find("fid", split)!.Value);
        }
    }
}
