using ZslAttnGan.Gazsl;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Gazsl;

public class GazslLossTests
{
    /// <summary>A critic whose score is linear in x with gradient <paramref name="direction"/> on [-1, 1]^3 (identity
    /// shared layer, ReLU kept active by a large bias).</summary>
    private static ZslDiscriminator LinearCritic(float[] direction)
    {
        var d = new ZslDiscriminator(classes: 2, inFeatures: 3, hidden: 3);
        using var _ = no_grad();
        var p = d.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        using (var identity = eye(3)) p["shared_layers.0.weight"].copy_(identity);
        p["shared_layers.0.bias"].fill_(Scalars.S(10));
        using (var w = tensor(direction).reshape(1, 3)) p["fake_head.0.weight"].copy_(w);
        p["fake_head.0.bias"].zero_();
        return d;
    }

    [Fact]
    public void GradientPenaltyIsZeroForAUnitNormGradientAndOneForNormTwo()
    {
        using var scope = NewDisposeScope();
        var real = rand(5, 3).Times(2).Minus(1);
        var fake = rand(5, 3).Times(2).Minus(1);
        var alpha = rand(5, 1);
        using var unit = LinearCritic(new[] { 0.6f, 0.8f, 0f });
        var gp = GazslGradientPenalty.Compute(unit, real, fake, alpha);
        Assert.Equal(0, gp.Penalty.item<float>(), 6);
        TensorAssert.Close(ones(5), gp.GradientNorms, 1e-6, "norms");

        using var twice = LinearCritic(new[] { 1.2f, 1.6f, 0f });
        var gp2 = GazslGradientPenalty.Compute(twice, real, fake, alpha);
        Assert.Equal(1, gp2.Penalty.item<float>(), 5);
        // x̂ = α·real + (1 − α)·fake, per row.
        TensorAssert.Close((alpha * real).Plus((ones_like(alpha) - alpha) * fake), gp2.Interpolates, 1e-6, "interpolates");
        // Double backprop: the penalty reaches the critic's score head (d/dw (‖w‖ − 1)² = 2(‖w‖ − 1)·w/‖w‖ = w/2 · ... ≠ 0).
        gp2.Penalty.backward();
        var headGrad = twice.named_parameters().Single(p => p.name == "fake_head.0.weight").parameter.grad!;
        TensorAssert.Close(tensor(new[] { 1.2f, 1.6f, 0f }).reshape(1, 3), headGrad, 1e-5, "∂GP/∂w = 2(‖w‖−1)·w/‖w‖");
        Assert.Null(twice.named_parameters().Single(p => p.name == "class_head.0.weight").parameter.grad);
    }

    [Fact]
    public void VisualPivotLossMatchesTheClosedFormAndTheReferenceSingletonBug()
    {
        using var scope = NewDisposeScope();
        // Class 0: two samples, mean [1, 0], centroid [1, 1] → 1. Class 1: one sample [3, 5], centroid [0, 0] → √34
        // (fixed) or, averaging over features, [4, 4] → √32 (reference). Class 2 absent → 0, but still divides by 3.
        var fake = tensor(new float[,] { { 0, 0 }, { 2, 0 }, { 3, 5 } });
        var labels = tensor(new long[] { 0, 0, 1 });
        var centroids = tensor(new float[,] { { 1, 1 }, { 0, 0 }, { 3, 3 } });
        var fixedTerms = GazslVisualPivotLoss.Compute(fake, labels, centroids);
        TensorAssert.Close(tensor(new[] { 1f, MathF.Sqrt(34), 0f }), fixedTerms.ClassDistances, 1e-6, "fixed distances");
        Assert.Equal((1 + Math.Sqrt(34)) / 3, fixedTerms.Loss.item<float>(), 5);
        var reference = GazslVisualPivotLoss.Compute(fake, labels, centroids, CentroidSingletonMode.Reference);
        Assert.Equal((1 + Math.Sqrt(32)) / 3, reference.Loss.item<float>(), 5);
    }

    [Fact]
    public void VisualPivotLossGradientIsFiniteWhenAMeanSitsOnItsCentroid()
    {
        using var scope = NewDisposeScope();
        var fake = tensor(new float[,] { { 1, 1 }, { 2, 2 } }).requires_grad_(true);
        var terms = GazslVisualPivotLoss.Compute(fake, tensor(new long[] { 0, 1 }), tensor(new float[,] { { 1, 1 }, { 0, 0 } }));
        terms.Loss.backward();
        TensorAssert.Finite(fake.grad!, "gradient");
    }

    [Fact]
    public void RegularizersSquareOnlyWeightsAndSumColumnNorms()
    {
        using var scope = NewDisposeScope();
        using var linear = nn.Linear(2, 2);
        using (no_grad())
        {
            using var w = tensor(new float[,] { { 3, 0 }, { 4, 1 } });
            linear.weight!.copy_(w);
            linear.bias!.fill_(Scalars.S(100));
        }
        Assert.Equal(26, GazslRegularizers.WeightL2(linear).item<float>(), 5);          // 9 + 16 + 1, no bias
        Assert.Equal(6, GazslRegularizers.ColumnL21(linear.weight!).item<float>(), 5);    // ‖[3,4]‖ + ‖[0,1]‖
    }

    [Fact]
    public void BadShapesAreArgumentExceptionsNamingTheArgument()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => GazslVisualPivotLoss.Compute(zeros(3, 2), tensor(new long[] { 0, 5, 1 }), zeros(3, 2)));
        Assert.Equal("labels", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => GazslVisualPivotLoss.Compute(zeros(3, 2), tensor(new long[] { 0, 1, 1 }), zeros(3, 4)));
        Assert.Equal("centroids", e.ParamName);
        using var critic = new ZslDiscriminator(2, 3, 4);
        e = Assert.Throws<ArgumentException>(() => GazslGradientPenalty.Compute(critic, zeros(4, 3), zeros(4, 3), zeros(4)));
        Assert.Equal("alpha", e.ParamName);
    }
}
