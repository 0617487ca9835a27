using ZslAttnGan.Losses;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Losses;

public class ZslLossTests
{
    private static ZslDiscriminator SmallDouble()
    {
        // Explicit generator: the global one is shared with tests running in parallel.
        var d = new ZslDiscriminator(3, 4, 6);
        using var g = new Generator(4);
        ZslAttnGan.Initialization.DefaultInit.Reset(d, g);
        d.to(ScalarType.Float64);
        return d;
    }

    [Fact]
    public void GradientPenaltyValueEqualsTheClosedFormForAReluMlp()
    {
        using var scope = NewDisposeScope();
        using var d = SmallDouble();
        var x = randn(new long[] { 5, 4 }, dtype: ScalarType.Float64, generator: new Generator(7));
        var sd = d.state_dict();
        var w1 = sd["shared_layers.0.weight"]; var b1 = sd["shared_layers.0.bias"]; var w2 = sd["fake_head.0.weight"];
        // s(x) = w2·relu(W1 x + b1) + b2  ⇒  ∂s/∂x = W1ᵀ (relu'(W1 x + b1) ⊙ w2)
        var active = x.matmul(w1.t()).Plus(b1).gt(Scalars.S(0)).to(ScalarType.Float64);
        var grad = (active * w2).matmul(w1);
        var expected = (grad.norm(1) - Scalars.S(1)).pow(Scalars.S(2)).mean();
        TensorAssert.Close(expected, ZslLosses.GradientPenaltyAt(d, x), 1e-12, "GP");
    }

    [Fact]
    public void GradientPenaltyParameterGradientsMatchFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        using var d = SmallDouble();
        var x = randn(new long[] { 5, 4 }, dtype: ScalarType.Float64, generator: new Generator(7));
        ZslLosses.GradientPenaltyAt(d, x).backward();
        const double h = 1e-6;
        foreach (var (name, p) in d.named_parameters())
        {
            if (name.StartsWith("class_head", StringComparison.Ordinal)) { Assert.True(p.grad is null || p.grad.abs().sum().item<double>() == 0); continue; }
            var flat = p.detach().view(-1);
            // Parameters the penalty does not depend on (the realness bias) may have no gradient at all: that is zero.
            var analytic = p.grad is null ? zeros_like(flat) : p.grad.view(-1);
            for (long i = 0; i < Math.Min(flat.numel(), 6); i++)
            {
                double orig = flat[i].item<double>();
                double Eval(double v) { using (no_grad()) flat[i].fill_(Scalars.S(v)); return ZslLosses.GradientPenaltyAt(d, x).item<double>(); }
                double numeric = (Eval(orig + h) - Eval(orig - h)) / (2 * h);
                using (no_grad()) flat[i].fill_(Scalars.S(orig));
                Assert.True(Math.Abs(numeric - analytic[i].item<double>()) <= 1e-5 + 1e-4 * Math.Abs(numeric),
                    $"{name}[{i}]: finite difference {numeric} vs autograd {analytic[i].item<double>()}");
            }
        }
    }

    [Fact]
    public void WganCriticPrefersHigherScoresOnRealCodes()
    {
        using var scope = NewDisposeScope();
        using var d = SmallDouble();
        var real = randn(6, 4, dtype: ScalarType.Float64);
        var fake = randn(6, 4, dtype: ScalarType.Float64);
        var ids = tensor(new long[] { 0, 1, 2, 0, 1, 2 });
        var a = ZslLosses.WganCritic(d, real, fake, ids, penaltyWeight: 0);
        var b = ZslLosses.WganCritic(d, fake, real, ids, penaltyWeight: 0);
        // Swapping real and fake flips the Wasserstein term; the classification terms stay.
        var wa = d.Realness(fake).mean() - d.Realness(real).mean();
        TensorAssert.Close(a - b, wa * Scalars.S(2), 1e-10, "swap");
    }

    [Fact]
    public void VisualPivotIsZeroForEqualCentroidsAndTheCentroidDistanceOtherwise()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new float[,] { { 0, 0 }, { 2, 0 }, { 5, 5 } });
        var ids = tensor(new long[] { 1, 1, 4 });
        // Same class centroids (1,0) and (5,5), different samples.
        var sameCentroids = tensor(new float[,] { { 1, 1 }, { 1, -1 }, { 5, 5 } });
        TensorAssert.Close(tensor(0f), ZslLosses.VisualPivot(sameCentroids, real, ids, 2), 1e-6, "equal centroids");
        var shifted = real.Plus(tensor(new float[] { 3, 4 }));
        // Each of the two classes is 5 away; sum 10, divided by 5 classes.
        TensorAssert.Close(tensor(2f), ZslLosses.VisualPivot(shifted, real, ids, 5), 1e-6, "shifted");
    }

    [Fact]
    public void ClassIdsOutsideTheDiscriminatorsClassesAreRejected()
    {
        using var scope = NewDisposeScope();
        using var d = new ZslDiscriminator(3, 4, 6);
        var ex = Assert.Throws<ArgumentException>(() => ZslLosses.BceGeneratedImage(d, randn(2, 4), tensor(new long[] { 0, 3 })));
        Assert.Equal("classIds", ex.ParamName);
        Assert.DoesNotContain("without a class", ex.Message);
    }

    /// <summary>A batch row whose image has no class carries a negative id (see Batch.ClassIds): the ZSL losses say so
    /// instead of reaching cross_entropy's native check.</summary>
    [Fact]
    public void NegativeClassIds_OfImagesWithoutAClass_AreRejectedWithTheReason()
    {
        using var scope = NewDisposeScope();
        using var d = new ZslDiscriminator(3, 4, 6);
        var ex = Assert.Throws<ArgumentException>(() => ZslLosses.BceEncoderSide(d, randn(2, 4), randn(2, 4), tensor(new long[] { 1, -1 })));
        Assert.Equal("classIds", ex.ParamName);
        Assert.Contains("without a class", ex.Message);
    }

    [Fact]
    public void WrongCodeSizeIsRejectedBeforeTheNativeCall()
    {
        using var d = new ZslDiscriminator(3, 4, 6);
        var ex = Assert.Throws<ArgumentException>(() => d.forward(randn(2, 5)));
        Assert.Equal("codes", ex.ParamName);
        Assert.Contains("[B, 4]", ex.Message);
    }
}
