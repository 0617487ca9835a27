using ZslAttnGan.Generation;
using ZslAttnGan.Initialization;
using ZslAttnGan.Interop;
using ZslAttnGan.Testing;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Testing.Contracts;

namespace ZslAttnGan.Tests.Generation;

/// <summary>The tiny ZSL-AttnGAN generator with per-block affine conditioning under the generator contract.</summary>
public class AffineConditionedGeneratorContractTests : ImageGeneratorContract<AttnGenerator>
{
    protected override AttnGenerator Create() => new(TinyModels.ZslAttnGan().Generator with { AffineConditioning = true });

    // At the identity init the affine output layers are zero, so no gradient reaches the hidden layers behind them.
    // SentenceAffineTests checks that it does once the output layers have moved.
    protected override IReadOnlySet<string> ParametersWithoutGradient
    {
        get
        {
            using var generator = Create();
            return generator.state_dict().Keys.Where(k => k.Contains(".affine", StringComparison.Ordinal) && k.Contains(".fc.", StringComparison.Ordinal)).ToHashSet();
        }
    }
}

public class SentenceAffineTests
{
    private static GeneratorOptions Tiny(bool affine) =>
        TinyModels.ZslAttnGan().Generator with { AffineConditioning = affine };

    // Moves every affine output layer under the module away from zero.
    private static void Perturb(nn.Module module, long seed)
    {
        using var _ = no_grad();
        using var g = new Generator((ulong)seed);
        foreach (var (name, p) in module.named_parameters())
            if (name.StartsWith("out_", StringComparison.Ordinal) || name.Contains(".out_", StringComparison.Ordinal))
                p.copy_(randn(p.shape, generator: g).Times(0.3));
    }

    [Fact]
    public void ANewBlockIsTheIdentityAndAMovedOneIsTheChannelAffineOfItsMlp()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var block = new SentenceAffine(codeSize: 5, channels: 3, hiddenSize: 7);
        var h = randn(4, 3, 2, 2);
        var code = randn(4, 5);
        TensorAssert.BitwiseEqual(h, block.forward(h, code), "a new block");

        Perturb(block, 4);
        var sd = block.state_dict();
        // By hand: γβ = W2 · relu(W1 · code + b1) + b2, per row; out = h · (1 + γ) + β per channel.
        var hidden = nn.functional.relu(code.matmul(sd["fc.weight"].t()).Plus(sd["fc.bias"]));
        var gb = hidden.matmul(sd["out_weight"].t()).Plus(sd["out_bias"]);
        var expected = (h * gb[.., ..3].reshape(4, 3, 1, 1).Plus(1.0)).Plus(gb[.., 3..].reshape(4, 3, 1, 1));
        TensorAssert.Close(expected, block.forward(h, code), 1e-5, "moved block against the formula");
        Assert.False(gb.abs().max().item<float>() == 0, "the perturbation did not reach the output layer");

        block.ResetToIdentity();
        TensorAssert.BitwiseEqual(h, block.forward(h, code), "after ResetToIdentity");
    }

    [Fact]
    public void BadShapesAreRefusedWithTheShapesInTheMessage()
    {
        using var scope = NewDisposeScope();
        using var block = new SentenceAffine(5, 3, 4);
        var e = Assert.Throws<ArgumentException>(() => block.forward(randn(2, 4, 2, 2), randn(2, 5)));
        Assert.Contains("[2, 4, 2, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => block.forward(randn(2, 3, 2, 2), randn(3, 5)));
        Assert.Contains("code [B, 5]", Assert.Throws<ArgumentException>(() => block.forward(randn(2, 3, 2, 2), randn(2, 4))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SentenceAffine(0, 3, 4));
    }

    [Fact]
    public void AFreshConditionedGeneratorDrawsThePlainGeneratorsImages()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var plain = new AttnGenerator(Tiny(false));
        ReferenceInit.Apply(plain);
        using var conditioned = new AttnGenerator(Tiny(true));
        ReferenceInit.Apply(conditioned);
        var extra = conditioned.state_dict().Keys.Except(plain.state_dict().Keys).ToList();
        Assert.NotEmpty(extra);
        Assert.All(extra, k => Assert.Contains(".affine", k, StringComparison.Ordinal));
        // One block per up block of the first stage, one per refinement stage.
        int expectedBlocks = Tiny(true).InitialUpBlocks + Tiny(true).Branches - 1;
        Assert.Equal(expectedBlocks, extra.Count(k => k.EndsWith(".out_weight", StringComparison.Ordinal)));

        conditioned.load_state_dict(plain.state_dict(), strict: false);
        plain.eval();
        conditioned.eval();
        var (c, words) = (randn(3, TinyModels.EmbeddingSize), randn(3, TinyModels.EmbeddingSize, 4));
        var noise = randn(3, Tiny(true).NoiseSize);
        var a = plain.Generate(c, words, null, noise);
        var b = conditioned.Generate(c, words, null, noise);
        for (int i = 0; i < a.Images.Count; i++) TensorAssert.BitwiseEqual(a.Images[i], b.Images[i], $"image {i}");

        // Once moved, the blocks make the images depend on the code through every stage, and train the hidden layers.
        Perturb(conditioned, 6);
        var moved = conditioned.Generate(c, words, null, noise);
        Assert.True((a.Images[0] - moved.Images[0]).abs().max().item<float>() > 1e-4, "the moved blocks did not change the first stage");
        conditioned.train();
        var images = conditioned.Generate(c, words, null, noise).Images;
        images[^1].square().mean().backward();
        foreach (var (name, p) in conditioned.named_parameters())
            if (name.Contains(".affine", StringComparison.Ordinal))
                Assert.True(p.grad is { } g && g.abs().max().item<float>() > 0, $"{name} got no gradient");
    }

    [Fact]
    public void ARefinementStageWithConditioningRefusesACallWithoutTheCode()
    {
        using var scope = NewDisposeScope();
        using var stage = new NextStage(2, 4, 1, false, codeSize: 3, affineHidden: 3);
        var e = Assert.Throws<ArgumentNullException>(() => stage.forward(randn(2, 2, 4, 4), randn(2, 4, 3), null));
        Assert.Equal("code", e.ParamName);
    }

    [Fact]
    public void ExportsSayTheOriginalCodeCannotLoadAConditionedGenerator()
    {
        var options = TinyModels.ZslAttnGan() with { Generator = TinyModels.ZslAttnGan().Generator with { BaseSize = 64, NoiseSize = 0, AffineConditioning = true } };
        Assert.Contains(ReferenceCompatibility.Warnings(options), w => w.Contains("affine", StringComparison.Ordinal));
    }
}
