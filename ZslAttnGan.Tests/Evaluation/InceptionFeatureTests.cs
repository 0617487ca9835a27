using ZslAttnGan.Testing;
using TorchSharp.PyBridge;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Training;
using ZslAttnGan.Vision;
using ZslAttnGan.Models;

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
        foreach (var key in state.Keys.Where(k => k.EndsWith(".bn.weight", StringComparison.Ordinal)).ToList()) state[key].fill_(Scalars.S(2.45));
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
        using var images = rand(new long[] { 3, 3, 64, 64 }, generator: g).mul(Scalars.S(2)).sub(Scalars.S(1));
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
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), fixture.Vocabulary.Count, data.Seen.Classes.Count, seed: 2);
        var options = new EvaluationOptions
        {
            Metrics = new[] { "fid" }, SamplesPerSplit = 2, FidReferenceImages = 2, FidWeightsFile = weights, FidCacheDirectory = tmp.Combine("fid"),
        };
        // Unseen species only (an empty unseen list): one split keeps the Inception passes few.
        File.WriteAllText(tmp.Combine("none.txt"), "");
        var dataset = fixture.Dataset with { SeenClassesFile = fixture.Result.UnseenClassesFile, UnseenClassesFile = tmp.Combine("none.txt") };
        var first = new Evaluator().Evaluate(model, fixture.Vocabulary, dataset, options);
        var cached = Directory.GetFiles(tmp.Combine("fid"));
        Assert.Single(cached);
        var stamps = cached.Select(File.GetLastWriteTimeUtc).ToArray();
        // The reference statistics come back from the cache (file untouched) and equal the first computation. (A second
        // full FID would repeat two 2048 × 2048 float64 eigendecompositions, which dominate this test's time.)
        var evaluationData = EvaluationData.Load(dataset, fixture.Vocabulary);
        using (var context = new EvaluationContext(model, fixture.Vocabulary, evaluationData, options))
        using (var extractor = InceptionFeatureExtractor.Load(weights))
        {
            var again = ZslAttnGan.Evaluation.Metrics.FidReference.Statistics(context, extractor, EvaluationSplit.Seen);
            var stored = FeatureStatistics.Load(cached[0]);
            Assert.Equal(stored.Sum, again.Sum);
            Assert.Equal(2, again.Count);
        }
        Assert.Equal(stamps, cached.Select(File.GetLastWriteTimeUtc).ToArray());
        Assert.True(first.Find("fid", EvaluationSplit.Seen)!.Value >= 0);
        Assert.Null(first.Find("fid", EvaluationSplit.Unseen));
    }
}
