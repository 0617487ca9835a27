using ZslAttnGan.Gazsl;
using ZslAttnGan.Nn;

namespace ZslAttnGan.Tests.Gazsl;

public class GazslNetTests
{
    [Fact]
    public void ReferenceKeysMapBothWaysForEveryParameter()
    {
        using var g = GazslTextGenerator.Create(6, 5, new GazslNetSizes(4, 3, 8));
        using var d = GazslNets.CreateCritic(5, 2, new GazslNetSizes(HiddenSize: 8));
        var gKeys = g.Net.state_dict().Keys.Select(GazslReferenceKeys.ReferenceGeneratorKey).Order().ToArray();
        Assert.Equal(new[] { "main.0.bias", "main.0.weight", "main.2.bias", "main.2.weight", "rdc_text.bias", "rdc_text.weight" }, gKeys);
        var dKeys = d.state_dict().Keys.Select(GazslReferenceKeys.ReferenceCriticKey).Order().ToArray();
        Assert.Equal(new[] { "D_aux.bias", "D_aux.weight", "D_gan.bias", "D_gan.weight", "D_shared.0.bias", "D_shared.0.weight" }, dKeys);
        foreach (var k in gKeys) Assert.Equal(k, GazslReferenceKeys.ReferenceGeneratorKey(GazslReferenceKeys.GeneratorKey(k)));
        var e = Assert.Throws<ArgumentException>(() => GazslReferenceKeys.CriticKey("main.0.weight"));
        Assert.Equal("key", e.ParamName);
    }

    [Fact]
    public void ReferenceInitIsXavierNormalWithZeroBiasesAndNoiseGoesFirst()
    {
        using var scope = NewDisposeScope();
        using var g = GazslTextGenerator.Create(300, 200, new GazslNetSizes(400, 100, 500), new Generator(1));
        var p = g.Net.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.Equal(Math.Sqrt(2.0 / (500 + 500)), p["output.0.weight"].std().item<float>(), 3);
        Assert.Equal(0, p["input.bias"].abs().max().item<float>());
        Assert.Same(p["input.weight"], g.TextReductionWeight);
        // The noise enters the first 100 columns of the hidden layer's weight: zeroing them removes its effect.
        using (no_grad()) p["output.0.weight"].narrow(1, 0, 100).zero_();
        var text = rand(2, 300);
        TensorAssert.Close(g.Generate(text, zeros(2, 100)), g.Generate(text, randn(2, 100)), 0, "noise-free output");
    }

    [Fact]
    public void FeatureNormalizationDividesByTheScalarVariance()
    {
        using var scope = NewDisposeScope();
        var train = tensor(new float[,] { { 0, 2 }, { 4, 6 } });      // mean 3, population variance 5
        var test = tensor(new float[,] { { 8, 3 } });
        var labels = tensor(new long[] { 1, 0 });
        var n = GazslFeatureNormalization.Normalize(train, test, labels, classCount: 3);
        Assert.Equal(3, n.Mean, 12);
        Assert.Equal(5, n.Variance, 12);
        TensorAssert.Close(tensor(new float[,] { { -0.6f, -0.2f }, { 0.2f, 0.6f } }), n.Train, 1e-6, "train");
        TensorAssert.Close(tensor(new float[,] { { 1f, 0f } }), n.Test, 1e-6, "test");
        TensorAssert.Close(tensor(new float[,] { { 0.2f, 0.6f }, { -0.6f, -0.2f }, { 0, 0 } }), n.ClassCentroids, 1e-6, "centroids");
        var std = GazslFeatureNormalization.Normalize(train, test, labels, 3, FeatureScale.StandardDeviation);
        Assert.Equal(Math.Sqrt(5), std.Divisor, 12);
        var e = Assert.Throws<ArgumentException>(() => GazslFeatureNormalization.Normalize(ones(2, 2), test, labels, 3));
        Assert.Equal("train", e.ParamName);
    }
}
