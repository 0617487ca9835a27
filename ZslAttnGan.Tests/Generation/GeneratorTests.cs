using ZslAttnGan.Generation;
using ZslAttnGan.Initialization;

namespace ZslAttnGan.Tests.Generation;

public class GeneratorTests
{
    private static GeneratorOptions Tiny(int branches, bool single = false, ConditioningKind kind = ConditioningKind.ZslSentence) =>
        kind == ConditioningKind.ZslSentence
            ? new GeneratorOptions(Ngf: 2, Branches: branches, ResidualBlocks: 1, WordSize: 8, ConditionSize: 8, SingleOutput: single)
            : new GeneratorOptions(Ngf: 2, Branches: branches, ResidualBlocks: 1, WordSize: 8, ConditionSize: 6, NoiseSize: 5,
                                   Conditioning: kind, SentenceSize: 8, SingleOutput: single);

    [Theory]
    [InlineData(1, 1)] [InlineData(2, 1)] [InlineData(3, 1)]
    [InlineData(1, 2)] [InlineData(2, 2)] [InlineData(3, 2)]
    public void ShapesHoldForEveryBranchCountAndBatchSize(int branches, int batch)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var g = new AttnGenerator(Tiny(branches));
        ReferenceInit.Apply(g);
        g.eval();
        var o = g.Generate(randn(batch, 8), randn(batch, 8, 5), zeros(batch, 5, dtype: ScalarType.Bool));
        Assert.Equal(branches, o.Images.Count);
        Assert.Equal(branches - 1, o.AttentionMaps.Count);
        for (int i = 0; i < branches; i++) Assert.Equal(new long[] { batch, 3, 64 << i, 64 << i }, o.Images[i].shape);
        for (int i = 0; i < branches - 1; i++) Assert.Equal(new long[] { batch, 5, 64 << i, 64 << i }, o.AttentionMaps[i].shape);
        Assert.True(o.Images[^1].abs().max().item<float>() <= 1f);
    }

    [Fact]
    public void SingleOutputVariantReturnsOnlyTheLastImage()
    {
        using var scope = NewDisposeScope();
        using var g = new AttnGenerator(Tiny(3, single: true));
        g.eval();
        var o = g.Generate(randn(2, 8), randn(2, 8, 4), null);
        Assert.Single(o.Images);
        Assert.Equal(new long[] { 2, 3, 256, 256 }, o.Images[0].shape);
        Assert.Contains("img_net.img.0.weight", g.state_dict().Keys);
        Assert.DoesNotContain(g.state_dict().Keys, k => k.StartsWith("img_net1", StringComparison.Ordinal));
    }

    [Fact]
    public void CaModeWithImageNoiseReturnsMuLogVarAndUsesTheNoise()
    {
        using var scope = NewDisposeScope();
        using var g = new AttnGenerator(Tiny(2, kind: ConditioningKind.Augmentation));
        g.eval();
        var s = randn(2, 8); var w = randn(2, 8, 3); var eps = randn(2, 6);
        var a = g.Generate(s, w, null, noise: randn(2, 5), eps: eps);
        var b = g.Generate(s, w, null, noise: randn(2, 5), eps: eps);
        Assert.NotNull(a.Mu);
        Assert.Equal(new long[] { 2, 6 }, a.LogVar!.shape);
        Assert.False(a.Images[0].allclose(b.Images[0]), "different image noise must change the image");
    }

    [Theory]
    [InlineData(32)]
    [InlineData(16)]
    public void BaseSizeSetsTheFirstStagesSize(int baseSize)
    {
        using var scope = NewDisposeScope();
        using var g = new AttnGenerator(Tiny(2) with { BaseSize = baseSize });
        g.eval();
        var o = g.Generate(randn(2, 8), randn(2, 8, 3), null);
        Assert.Equal(new long[] { 2, 3, baseSize, baseSize }, o.Images[0].shape);
        Assert.Equal(new long[] { 2, 3, 2 * baseSize, 2 * baseSize }, o.Images[1].shape);
    }

    [Fact]
    public void TrainModeWithBatchOneIsRejectedClearly()
    {
        using var scope = NewDisposeScope();
        using var g = new AttnGenerator(Tiny(1));
        g.train();
        var ex = Assert.Throws<ArgumentException>(() => g.Generate(randn(1, 8), randn(1, 8, 3), null));
        Assert.Contains("eval", ex.Message);
    }

    [Theory]
    [InlineData("condition")]
    [InlineData("words")]
    [InlineData("mask")]
    [InlineData("dtype")]
    public void BadInputNamesTheArgument(string kind)
    {
        using var scope = NewDisposeScope();
        using var g = new AttnGenerator(Tiny(2));
        g.eval();
        var c = randn(2, 8); var w = randn(2, 8, 4); Tensor? m = zeros(2, 4, dtype: ScalarType.Bool);
        string expected = kind;
        switch (kind)
        {
            case "condition": c = randn(2, 7); break;
            case "words": w = randn(3, 8, 4); break;
            case "mask": m = zeros(2, 5, dtype: ScalarType.Bool); break;
            case "dtype": c = ones(2, 8, dtype: ScalarType.Int64); expected = "condition"; break;
        }
        var ex = Assert.ThrowsAny<ArgumentException>(() => g.Generate(c, w, m));
        Assert.Equal(expected, ex.ParamName);
    }

    [Fact]
    public void ZslModeRequiresConditionSizeEqualToWordSize()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AttnGenerator(new GeneratorOptions(ConditionSize: 100, WordSize: 256)));
        Assert.Equal("ConditionSize", ex.ParamName);
    }

    [Fact]
    public void ReferenceInitMakesConvWeightsOrthogonalAndBatchNormNearOne()
    {
        using var scope = NewDisposeScope();
        using var g = new AttnGenerator(Tiny(1));
        ReferenceInit.Apply(g, new Generator(5));
        var sd = g.state_dict();
        var w = sd["h_net1.upsample1.1.weight"];
        var flat = w.reshape(w.shape[0], -1);
        var gram = flat.matmul(flat.t());
        TensorAssert.Close(eye(w.shape[0]), gram, 1e-5, "W·Wᵀ = I");
        var bn = sd["h_net1.fc.1.weight"];
        Assert.InRange(bn.mean().item<float>(), 0.99f, 1.01f);
        Assert.InRange(bn.std().item<float>(), 0.01f, 0.03f);
        Assert.Equal(0f, sd["h_net1.fc.1.bias"].abs().sum().item<float>());
    }
}
