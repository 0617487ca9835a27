using ZslAttnGan.Gazsl;
using ZslAttnGan.Training;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Gazsl;

public class GazslStepTests
{
    private const int Text = 7, Feature = 5, Classes = 3, Batch = 6;
    private static readonly GazslNetSizes Small = new(ReducedTextSize: 4, NoiseSize: 3, HiddenSize: 8);

    private sealed class Rig : IDisposable
    {
        public Rig(long seed, GazslLossWeights? weights = null)
        {
            using var g = new Generator((ulong)seed);
            G = GazslTextGenerator.Create(Text, Feature, Small, g);
            D = GazslNets.CreateCritic(Feature, Classes, Small, g);
            GOpt = GazslSteps.CreateOptimizer(G.Net);
            DOpt = GazslSteps.CreateOptimizer(D);
            Steps = new GazslSteps(G, D, GOpt, DOpt, weights);
        }

        public GazslTextGenerator G { get; }
        public ZslDiscriminator D { get; }
        public AdamOptimizer GOpt { get; }
        public AdamOptimizer DOpt { get; }
        public GazslSteps Steps { get; }

        public void Dispose() { GOpt.Dispose(); DOpt.Dispose(); G.Dispose(); D.Dispose(); }
    }

    private static (GazslBatch Batch, Tensor Centroids) Data(long seed)
    {
        using var g = new Generator((ulong)seed);
        var labels = tensor(new long[] { 0, 0, 1, 1, 2, 2 });
        var table = rand(new long[] { Classes, Text }, generator: g);
        var features = randn(new long[] { Batch, Feature }, generator: g);
        return (new GazslBatch(features, labels, table.index_select(0, labels)),
                GazslFeatureNormalization.ClassCentroids(features, labels, Classes));
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module m) =>
        m.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void TheFusedCriticStepGivesTheReferenceStepsGradientsAndTerms(double adversarial)
    {
        using var scope = NewDisposeScope();
        var weights = new GazslLossWeights(GradientPenalty: 3, Adversarial: adversarial);
        var traces = new Dictionary<GazslStepAlgorithm, (Dictionary<string, Tensor> Grads, Tensor[] Terms)>();
        foreach (var algorithm in Enum.GetValues<GazslStepAlgorithm>())
        {
            using var rig = new Rig(1, weights);
            rig.G.Net.to(float64);
            rig.D.to(float64);
            using var gOpt = GazslSteps.CreateOptimizer(rig.G.Net);
            using var dOpt = GazslSteps.CreateOptimizer(rig.D);
            var steps = new GazslSteps(rig.G, rig.D, gOpt, dOpt, weights) { Algorithm = algorithm };
            var (batch, _) = Data(2);
            batch = GazslBatch.FromClassTable(batch.Features.to(float64), batch.Labels, rand(new long[] { Classes, Text }, dtype: float64, generator: new Generator(4)));
            using var random = new Generator(3);
            var noise = randn(new long[] { Batch, Small.NoiseSize }, dtype: float64, generator: random);
            var alpha = rand(new long[] { Batch, 1 }, dtype: float64, generator: random);
            steps.CriticStep(batch, noise, alpha, t => traces[algorithm] = (
                rig.D.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone().MoveToOuterDisposeScope()),
                new[] { t.Total, t.GradientPenalty, t.Penalty.Gradients, t.Penalty.GradientNorms, t.Penalty.Scores,
                        t.Penalty.Interpolates, t.RealScores, t.FakeLogits, t.CLossFake }.Select(x => x.detach().clone().MoveToOuterDisposeScope()).ToArray()));
        }
        var (fused, reference) = (traces[GazslStepAlgorithm.Fused], traces[GazslStepAlgorithm.Reference]);
        foreach (var (name, grad) in reference.Grads) TensorAssert.Close(grad, fused.Grads[name], 1e-10, "gradient of " + name);
        for (int i = 0; i < reference.Terms.Length; i++) TensorAssert.Close(reference.Terms[i], fused.Terms[i], 1e-10, $"trace term {i}");
        Assert.True(reference.Terms[1].item<double>() > 0, "the penalty must be active for this comparison to mean anything");
    }

    [Fact]
    public void CriticStepMovesOnlyTheCriticAndClearsBothNetsGradients()
    {
        using var scope = NewDisposeScope();
        using var rig = new Rig(1);
        var (batch, _) = Data(2);
        var g0 = Snapshot(rig.G.Net);
        var d0 = Snapshot(rig.D);
        using var random = new Generator(3);
        var losses = rig.Steps.CriticStep(batch, random);
        Assert.True(double.IsFinite(losses.GradientPenalty) && losses.GradientPenalty >= 0);
        TensorAssert.EqualStateDicts(g0, Snapshot(rig.G.Net), "generator after a critic step");
        Assert.Contains(rig.D.named_parameters(), p => !p.parameter.allclose(d0[p.name], 0, 0));
        Assert.All(rig.G.Net.parameters().Concat(rig.D.parameters()), p => Assert.Null(p.grad));
    }

    [Fact]
    public void GeneratorStepMovesOnlyTheGeneratorAndReportsItsTerms()
    {
        using var scope = NewDisposeScope();
        using var rig = new Rig(1);
        var (batch, centroids) = Data(2);
        var d0 = Snapshot(rig.D);
        using var random = new Generator(3);
        var l = rig.Steps.GeneratorStep(batch, centroids, random);
        TensorAssert.EqualStateDicts(d0, Snapshot(rig.D), "critic after a generator step");
        Assert.Equal(-l.GLoss + l.CLoss + l.EuclideanLoss + l.RegLoss + l.RegWzLoss, l.AllLoss, 5);
        Assert.True(l.RegWzLoss > 0 && l.EuclideanLoss > 0);
        Assert.All(rig.G.Net.parameters().Concat(rig.D.parameters()), p => Assert.Null(p.grad));
    }

    [Fact]
    public void IterationIsDeterministicGivenTheRandomSources()
    {
        using var scope = NewDisposeScope();
        GazslIterationLosses Run()
        {
            using var rig = new Rig(5);
            var (batch, centroids) = Data(6);
            using var random = new Generator(7);
            return rig.Steps.Iteration(() => batch, centroids, random);
        }
        var a = Run();
        var b = Run();
        Assert.Equal(5, a.Critic.Count);
        Assert.Equal(a.Critic, b.Critic);
        Assert.Equal(a.Generator, b.Generator);
    }

    [Fact]
    public void GbuWeightsHaveNoTextTermAndWorkWithTheAttributeGenerator()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(5, GazslLossWeights.Gbu.Centroid);
        Assert.Equal(0, GazslLossWeights.Gbu.TextL21);
        using var g = new GazslAttributeGenerator(Text, Feature, Small, new Generator(1));
        Assert.Equal(new[] { "main.0.bias", "main.0.weight", "main.2.bias", "main.2.weight" }, g.state_dict().Keys.Order());
        using var d = GazslNets.CreateCritic(Feature, Classes, Small, new Generator(2));
        using var gOpt = GazslSteps.CreateOptimizer(g);
        using var dOpt = GazslSteps.CreateOptimizer(d);
        var steps = new GazslSteps(g, d, gOpt, dOpt, GazslLossWeights.Gbu);
        var (batch, centroids) = Data(3);
        var l = steps.Iteration(() => batch, centroids, new Generator(4));
        Assert.Equal(0, l.Generator.RegWzLoss);
        Assert.True(double.IsFinite(l.Generator.AllLoss));
    }

    [Fact]
    public void StepsLeaveNoTensorsBehind()
    {
        using var rig = new Rig(1);
        var (batch, centroids) = Data(2);
        using var random = new Generator(3);
        rig.Steps.Iteration(() => batch, centroids, random);   // allocates the optimisers' state
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        rig.Steps.Iteration(() => batch, centroids, random);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        batch.Features.Dispose(); batch.Labels.Dispose(); batch.Conditions.Dispose(); centroids.Dispose();
    }

    [Fact]
    public void BadInputIsAnArgumentExceptionNamingIt()
    {
        using var scope = NewDisposeScope();
        using var rig = new Rig(1);
        var (batch, centroids) = Data(2);
        var e = Assert.Throws<ArgumentException>(() => rig.Steps.CriticStep(batch, zeros(Batch, 4), zeros(Batch, 1)));
        Assert.Equal("noise", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => rig.Steps.CriticStep(batch with { Labels = tensor(new long[] { 0, 0, 1, 1, 2, 3 }) }, null));
        Assert.Equal("Labels", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => rig.Steps.GeneratorStep(batch, zeros(Batch, 3), zeros(Classes + 1, Feature)));
        Assert.Equal("classCentroids", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => new GazslSteps(rig.G, rig.D, rig.DOpt, rig.GOpt));
        Assert.Equal("generatorOptimizer", e.ParamName);
        Assert.Throws<ArgumentException>(() => new GazslSteps(rig.G, rig.D, rig.GOpt, rig.DOpt, new GazslLossWeights(GradientPenalty: double.NaN)));
        Assert.All(rig.G.Net.parameters().Concat(rig.D.parameters()), p => Assert.Null(p.grad));
        _ = centroids;
    }
}
