using ZslAttnGan.Discrimination;
using ZslAttnGan.Losses;

namespace ZslAttnGan.Tests.Losses;

/// <summary>The hinge objective and MA-GP against closed forms and against the discriminator's own logits.</summary>
public class AdversarialObjectiveTests
{
    private static ImageDiscriminator Discriminator(bool unconditional)
    {
        manual_seed(5);
        var d = new ImageDiscriminator(64, ndf: 2, conditionSize: 8, unconditionalHead: unconditional);
        d.eval(); // eval: the two forwards below see the same BatchNorm statistics
        return d;
    }

    [Fact]
    public void MatchingAwarePenaltyOfALinearScoreIsItsGradientNormToThePower()
    {
        using var scope = NewDisposeScope();
        // logits_k = a · Σ images_k + w · conditions_k: every sample's gradient is (a, …, a, w), ‖·‖² = a²·N + ‖w‖².
        double a = 0.3;
        var w = tensor(new[] { 0.5f, -1.0f, 2.0f });
        var images = randn(4, 3, 5, 5).requires_grad_(true);
        var conditions = randn(4, 3).requires_grad_(true);
        var logits = (images.reshape(4, -1).sum(1) * Scalars.S(a)).Plus(conditions.matmul(w));
        double normSquared = a * a * 75 + 0.25 + 1 + 4;
        foreach (double power in new[] { 2.0, 6.0 })
        {
            double expected = Math.Pow(normSquared, power / 2);
            double actual = GanLosses.MatchingAwarePenalty(logits, images, conditions, power).item<float>();
            Assert.Equal(expected, actual, expected * 1e-5);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HingeTermsAreComputedFromTheHeadsLogits(bool unconditional)
    {
        using var scope = NewDisposeScope();
        using var d = Discriminator(unconditional);
        var real = rand(3, 3, 64, 64).mul(Scalars.S(2)).sub(Scalars.S(1));
        var fake = rand(3, 3, 64, 64).mul(Scalars.S(2)).sub(Scalars.S(1));
        var cond = randn(3, 8);
        var hinge = new AdversarialObjective(AdversarialLossKind.Hinge);
        var r = GanLosses.Discriminator(d, real, fake, cond, hinge);

        var realCode = d.forward(real);
        var fakeCode = d.forward(fake);
        double Relu1(Tensor t) => nn.functional.relu(t.Plus(Scalars.S(1))).mean().item<float>();
        Assert.Equal(Relu1(-d.Conditional.Logits(realCode, cond)), r.CondReal.item<float>(), 1e-5);
        Assert.Equal(Relu1(d.Conditional.Logits(fakeCode, cond)), r.CondFake.item<float>(), 1e-5);
        Assert.Equal(Relu1(d.Conditional.Logits(realCode[..2], cond[1..])), r.CondWrong!.item<float>(), 1e-5);
        Assert.Null(r.MatchingAwarePenalty);

        var g = GanLosses.Generator(d, fake, cond, hinge);
        Assert.Equal(-d.Conditional.Logits(fakeCode, cond).mean().item<float>(), g.Cond.item<float>(), 1e-5);
        if (unconditional)
            Assert.Equal(-d.Unconditional!.Logits(fakeCode, null).mean().item<float>(), g.Uncond!.item<float>(), 1e-5);
    }

    [Fact]
    public void BceObjectiveStillReadsTheSigmoidOfTheLogits()
    {
        using var scope = NewDisposeScope();
        using var d = Discriminator(unconditional: false);
        var code = d.forward(rand(2, 3, 64, 64));
        var cond = randn(2, 8);
        var p = d.Conditional.forward(code, cond);
        Assert.True(allclose(p, sigmoid(d.Conditional.Logits(code, cond))));
        Assert.True(p.ge(Scalars.S(0)).all().item<bool>() && p.le(Scalars.S(1)).all().item<bool>());
    }

    [Fact]
    public void PenaltyIsAddedToTheTotalAndTrainsTheDiscriminator()
    {
        using var scope = NewDisposeScope();
        using var d = Discriminator(unconditional: true);
        d.train();
        var real = rand(3, 3, 64, 64).mul(Scalars.S(2)).sub(Scalars.S(1));
        var fake = rand(3, 3, 64, 64).mul(Scalars.S(2)).sub(Scalars.S(1));
        var cond = randn(3, 8);
        var r = GanLosses.Discriminator(d, real, fake, cond, AdversarialObjective.DfGan);
        Assert.NotNull(r.MatchingAwarePenalty);
        double gp = r.MatchingAwarePenalty!.item<float>();
        Assert.True(gp > 0 && double.IsFinite(gp));
        double parts = (r.UncondReal!.item<float>() + r.CondReal.item<float>()) / 2
                       + (r.UncondFake!.item<float>() + r.CondFake.item<float>() + r.CondWrong!.item<float>()) / 3;
        Assert.Equal(parts + gp, r.Total.item<float>(), 1e-4);
        r.Total.backward();
        Assert.All(d.parameters(), p => Assert.True(p.grad is not null && p.grad.isfinite().all().item<bool>()));
    }

    [Fact]
    public void InvalidObjectivesAreRejectedByName()
    {
        Assert.Contains("MatchingAwarePenaltyWeight", Assert.Throws<ArgumentException>(() => new AdversarialObjective(MatchingAwarePenaltyWeight: -1).Validate()).Message);
        Assert.Contains("MatchingAwarePenaltyPower", Assert.Throws<ArgumentException>(() => new AdversarialObjective(MatchingAwarePenaltyPower: 0.5).Validate()).Message);
        Assert.Contains("Unknown adversarial", Assert.Throws<ArgumentException>(() => new AdversarialObjective((AdversarialLossKind)7).Validate()).Message);
    }
}
