using ZslAttnGan.Discrimination;
using ZslAttnGan.Generation;
using ZslAttnGan.Losses;
using ZslAttnGan.Text;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Losses;

/// <summary>Each loss sends gradients to exactly the parameters the reference trains with it.</summary>
public class GradientFlowTests
{
    private static bool AllHaveGrad(nn.Module m) => m.parameters().All(p => p.grad is not null && p.grad.abs().sum().item<float>() > 0);
    private static bool NoneHasGrad(nn.Module m) => m.parameters().All(p => p.grad is null || p.grad.abs().sum().item<float>() == 0);

    private static (AttnGenerator G, ImageDiscriminator D) Pair()
    {
        manual_seed(11);
        var g = new AttnGenerator(new GeneratorOptions(Ngf: 2, Branches: 1, ResidualBlocks: 0, WordSize: 8, ConditionSize: 8));
        var d = new ImageDiscriminator(64, ndf: 2, conditionSize: 8);
        g.train(); d.train();
        return (g, d);
    }

    [Fact]
    public void DiscriminatorLossTrainsTheDiscriminatorOnly()
    {
        using var scope = NewDisposeScope();
        var (g, d) = Pair();
        using (g) using (d)
        {
            var cond = randn(3, 8);
            var fake = g.Generate(cond, randn(3, 8, 2), null).Images[0];
            GanLosses.Discriminator(d, rand(3, 3, 64, 64).mul(Scalars.S(2)).sub(Scalars.S(1)), fake, cond).Total.backward();
            Assert.True(AllHaveGrad(d));
            Assert.True(NoneHasGrad(g), "the fake image must be detached for the D step");
        }
    }

    [Fact]
    public void GeneratorAdversarialLossReachesTheGeneratorThroughAFrozenDiscriminator()
    {
        using var scope = NewDisposeScope();
        var (g, d) = Pair();
        using (g) using (d)
        {
            foreach (var p in d.parameters()) p.requires_grad = false;
            var cond = randn(3, 8);
            var fake = g.Generate(cond, randn(3, 8, 2), null).Images[0];
            GanLosses.Generator(d, fake, cond).Total.backward();
            Assert.True(AllHaveGrad(g));
            Assert.True(d.parameters().All(p => p.grad is null));
        }
    }

    [Fact]
    public void ZslDiscriminatorStepOnDetachedCodesTrainsOnlyTheDiscriminator()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var enc = new TextEncoder(new TextEncoderOptions(10, 6, 8, SentenceGenerator: new ZslSentenceGeneratorOptions(8, 6, 3, 6, 8)));
        using var zd = new ZslDiscriminator(4, 8, 16);
        var text = enc.Encode(tensor(new long[,] { { 1, 2, 3 }, { 4, 5, 0 } }), tensor(new long[] { 3, 2 }));
        var img = randn(2, 8, requires_grad: true);
        ZslLosses.BceDiscriminatorSide(zd, img.detach(), text.Sentence.detach(), tensor(new long[] { 1, 3 })).backward();
        Assert.True(AllHaveGrad(zd));
        Assert.True(NoneHasGrad(enc));
        Assert.Null(img.grad);
    }

    [Fact]
    public void ZslEncoderSideLossTrainsTextEncoderIncludingSentenceGeneratorAndReachesImageCodes()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var enc = new TextEncoder(new TextEncoderOptions(10, 6, 8, SentenceGenerator: new ZslSentenceGeneratorOptions(8, 6, 3, 6, 8)));
        using var zd = new ZslDiscriminator(4, 8, 16);
        foreach (var p in zd.parameters()) p.requires_grad = false;
        var text = enc.Encode(tensor(new long[,] { { 1, 2, 3 }, { 4, 5, 0 } }), tensor(new long[] { 3, 2 }));
        var img = randn(2, 8, requires_grad: true);
        ZslLosses.BceEncoderSide(zd, img, text.Sentence, tensor(new long[] { 1, 3 })).backward();
        Assert.True(enc.SentenceGenerator!.parameters().All(p => p.grad is not null));
        Assert.NotNull(img.grad);
        Assert.True(zd.parameters().All(p => p.grad is null));
    }

    [Fact]
    public void DamsmLossReachesWordsRegionsAndBothCodes()
    {
        using var scope = NewDisposeScope();
        var regions = randn(3, 8, 4, 4, requires_grad: true);
        var words = randn(3, 8, 5, requires_grad: true);
        var img = randn(3, 8, requires_grad: true);
        var sent = randn(3, 8, requires_grad: true);
        var r = new DamsmLoss().Compute(regions, words, tensor(new long[] { 5, 3, 2 }), img, sent, tensor(new long[] { 0, 1, 2 }));
        r.Total.backward();
        foreach (var t in new[] { regions, words, img, sent }) Assert.True(t.grad!.abs().sum().item<float>() > 0);
        // Padded word positions take no part: their gradient is exactly zero.
        Assert.Equal(0f, words.grad![1, .., 3..].abs().sum().item<float>());
    }

    [Fact]
    public void KlReachesConditioningAugmentation()
    {
        using var scope = NewDisposeScope();
        using var ca = new ConditioningAugmentation(8, 4);
        var o = ca.Sample(randn(3, 8));
        GanLosses.KlDivergence(o.Mu, o.LogVar).backward();
        Assert.True(AllHaveGrad(ca));
    }
}
