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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheClassTablePathGivesWhatTheGatheredRowsGiveWithTheSameGradients(bool noiseFirst)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(7);
        using var direct = new ZslAttnGan.Zsl.ZslSentenceGenerator(new(9, 4, 3, 6, 5, NoiseFirst: noiseFirst));
        direct.ResetParameters(random);
        direct.to(float64);
        using var perClass = new ZslAttnGan.Zsl.ZslSentenceGenerator(new(9, 4, 3, 6, 5, NoiseFirst: noiseFirst));
        perClass.to(float64);
        perClass.load_state_dict(direct.state_dict());
        var table = rand(new long[] { 4, 9 }, dtype: float64, generator: random);
        var index = tensor(new long[] { 2, 0, 2, 3, 3, 3, 1 });
        var noise = randn(new long[] { 7, 3 }, dtype: float64, generator: random);
        var weights = randn(new long[] { 7, 5 }, dtype: float64, generator: random);   // a loss that weighs every output
        var expected = direct.forward(table.index_select(0, index), noise);
        var actual = perClass.ForwardFromClassTable(table, index, noise);
        TensorAssert.Close(expected, actual, 1e-12, "codes");
        (expected * weights).sum().backward();
        (actual * weights).sum().backward();
        var a = perClass.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in direct.named_parameters())
            TensorAssert.Close(p.grad!, a[name].grad!, 1e-12, "gradient of " + name);
        var e = Assert.Throws<ArgumentException>(() => perClass.ForwardFromClassTable(table, index.to_type(ScalarType.Int32), noise));
        Assert.Equal("classIndex", e.ParamName);
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
