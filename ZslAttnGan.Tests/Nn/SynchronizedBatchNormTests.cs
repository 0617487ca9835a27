using ZslAttnGan.Collectives;
using ZslAttnGan.Nn;

namespace ZslAttnGan.Tests.Nn;

/// <summary>
/// SynchronizedBatchNorm against plain BatchNorm: N ranks × B/N rows must compute what one process computes with the
/// B rows (outputs, input and parameter gradients, running statistics).
/// </summary>
public class SynchronizedBatchNormTests
{
    private const int Batch = 8, Channels = 3;

    /// <summary>What one forward/backward (after two training forwards) leaves behind, as arrays (no tensor leaves a
    /// rank's thread).</summary>
    internal sealed record Outcome(double[] Output, double[] InputGrad, double[] WeightGrad, double[] BiasGrad, double[] RunningMean, double[] RunningVar, long Batches);

    /// <summary>The shard shape: [B, C] for BatchNorm1d, [B, C, H, W] for BatchNorm2d.</summary>
    private static long[] Shape(int dims, long rows) => dims == 2 ? new[] { rows, Channels } : new[] { rows, Channels, 3, 2 };

    /// <summary>Two global batches (the first only moves the running statistics), a per-element loss weight and the
    /// layer's initial state, all float64 (converted per test).</summary>
    private static (Tensor First, Tensor Second, Tensor LossWeight, Dictionary<string, Tensor> State) Data(int dims)
    {
        var g = new Generator(11);
        var first = randn(Shape(dims, Batch), dtype: ScalarType.Float64, generator: g).mul(Scalars.S(2)).Plus(1.5);
        var second = randn(Shape(dims, Batch), dtype: ScalarType.Float64, generator: g).mul(Scalars.S(0.5)).Minus(0.7);
        var lossWeight = randn(Shape(dims, Batch), dtype: ScalarType.Float64, generator: g);
        var state = new Dictionary<string, Tensor>
        {
            ["weight"] = rand(new long[] { Channels }, dtype: ScalarType.Float64, generator: g).Plus(0.5),
            ["bias"] = randn(new long[] { Channels }, dtype: ScalarType.Float64, generator: g),
            ["running_mean"] = randn(new long[] { Channels }, dtype: ScalarType.Float64, generator: g),
            ["running_var"] = rand(new long[] { Channels }, dtype: ScalarType.Float64, generator: g).Plus(0.5),
            ["num_batches_tracked"] = tensor(3L),
        };
        return (first, second, lossWeight, state);
    }

    /// <summary>A BatchNorm of <paramref name="dtype"/> holding <paramref name="state"/> (copied).</summary>
    private static BatchNorm Layer(Dictionary<string, Tensor> state, ScalarType dtype)
    {
        var layer = new BatchNorm(Channels);
        layer.to(dtype);
        using var _ = no_grad();
        foreach (var (name, value) in layer.state_dict()) value.copy_(state[name]);
        return layer;
    }

    /// <summary>Runs <paramref name="layer"/> in training mode on <paramref name="first"/> (statistics only), then on
    /// <paramref name="second"/> with the per-sample loss mean_b Σ (y ⊙ w) over the rows given, and returns the outcome.
    /// The input gradient is divided by <paramref name="ranks"/>: data-parallel training minimises the mean of the rank
    /// losses, so a row's gradient in that objective is its rank's gradient / N.</summary>
    private static Outcome Step(nn.Module<Tensor, Tensor> layer, BatchNorm parameters, Tensor first, Tensor second, Tensor lossWeight, IProcessGroup? group, int ranks)
    {
        using var scope = NewDisposeScope();
        layer.train();
        layer.forward(first);
        var x = second.detach().clone().requires_grad_();
        var y = layer.forward(x);
        var loss = y.mul(lossWeight).flatten(1).sum(1).mean();
        loss.backward();
        group?.AverageGradients(new[] { parameters.Weight, parameters.Bias });
        return new Outcome(Array(y), Array(x.grad!.DividedBy(ranks)), Array(parameters.Weight.grad!), Array(parameters.Bias.grad!),
            Array(parameters.RunningMean), Array(parameters.RunningVar), parameters.BatchesTracked.item<long>());
    }

    private static double[] Array(Tensor t) => t.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();

    private static Tensor Rows(Tensor t, int rank, int ranks) => t.narrow(0, rank * (t.shape[0] / ranks), t.shape[0] / ranks);

    /// <summary>Runs the step on <paramref name="ranks"/> ranks (each with its shard and a SynchronizedBatchNorm over a
    /// copy of the initial state) and returns each rank's outcome.</summary>
    private static Outcome[] Distributed(int dims, ScalarType dtype, int ranks, bool synchronized = true)
    {
        var (first, second, lossWeight, state) = Data(dims);
        return InProcessGroup.Run(ranks, g =>
        {
            using var scope = NewDisposeScope();
            var plain = Layer(state, dtype);
            nn.Module<Tensor, Tensor> layer = synchronized ? new SynchronizedBatchNorm(plain, g) : plain;
            return Step(layer, plain, Rows(first, g.Rank, ranks).to_type(dtype), Rows(second, g.Rank, ranks).to_type(dtype),
                Rows(lossWeight, g.Rank, ranks).to_type(dtype), g, ranks);
        });
    }

    private static Outcome SingleProcess(int dims, ScalarType dtype)
    {
        var (first, second, lossWeight, state) = Data(dims);
        var plain = Layer(state, dtype);
        return Step(plain, plain, first.to_type(dtype), second.to_type(dtype), lossWeight.to_type(dtype), null, 1);
    }

    internal static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance})");
    }

    private static void AssertSame(Outcome expected, Outcome[] ranks, double tolerance)
    {
        AssertClose(expected.Output, ranks.SelectMany(r => r.Output).ToArray(), tolerance, "output");
        AssertClose(expected.InputGrad, ranks.SelectMany(r => r.InputGrad).ToArray(), tolerance, "input gradient");
        foreach (var r in ranks)
        {
            AssertClose(expected.WeightGrad, r.WeightGrad, tolerance, "weight gradient");
            AssertClose(expected.BiasGrad, r.BiasGrad, tolerance, "bias gradient");
            AssertClose(expected.RunningMean, r.RunningMean, tolerance, "running mean");
            AssertClose(expected.RunningVar, r.RunningVar, tolerance, "running variance");
            Assert.Equal(expected.Batches, r.Batches);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void AWorldOfOneComputesWhatBatchNormComputes(int dims)
    {
        using var scope = NewDisposeScope();
        var (first, second, lossWeight, state) = Data(dims);
        var expected = SingleProcess(dims, ScalarType.Float64);
        var plain = Layer(state, ScalarType.Float64);
        var actual = Step(new SynchronizedBatchNorm(plain, SingleProcessGroup.Instance), plain, first, second, lossWeight, null, 1);
        AssertSame(expected, new[] { actual }, 1e-12);
    }

    [Theory]
    [InlineData(2, ScalarType.Float64, 1e-10)]
    [InlineData(4, ScalarType.Float64, 1e-10)]
    [InlineData(2, ScalarType.Float32, 1e-5)]
    [InlineData(4, ScalarType.Float32, 1e-5)]
    public void TwoRanksWithHalfTheBatchComputeWhatOneProcessComputesWithTheWholeBatch(int dims, ScalarType dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        AssertSame(SingleProcess(dims, dtype), Distributed(dims, dtype, 2), tolerance);
    }

    [Fact]
    public void FourRanksAgreeToo()
    {
        using var scope = NewDisposeScope();
        AssertSame(SingleProcess(4, ScalarType.Float64), Distributed(4, ScalarType.Float64, 4), 1e-10);
    }

    /// <summary>The gradients of a gradient penalty (create_graph through the statistics, as the discriminator
    /// penalties do): rank r's penalty is Σ over its rows of (∂/∂x Σᵣ' sᵣ')² / N, whose mean over the ranks is the
    /// single-process penalty, since ∂(Σᵣ' sᵣ')/∂x = N·∂s/∂x.</summary>
    private static (double[] WeightGrad, double[] InputGrad) Penalty(nn.Module<Tensor, Tensor> layer, BatchNorm parameters, Tensor x0, Tensor lossWeight, IProcessGroup? group, int ranks)
    {
        using var scope = NewDisposeScope();
        layer.train();
        var x = x0.detach().clone().requires_grad_();
        var s = layer.forward(x).mul(lossWeight).flatten(1).sum(1).mean();
        var gx = autograd.grad(new[] { s }, new[] { x }, retain_graph: true, create_graph: true)[0];
        gx.square().sum().DividedBy(ranks).backward();
        group?.AverageGradients(new[] { parameters.Weight, parameters.Bias });
        return (Array(parameters.Weight.grad!), Array(x.grad!.DividedBy(ranks)));
    }

    [Fact]
    public void TheGradientOfAGradientPenaltyMatchesToo()
    {
        using var scope = NewDisposeScope();
        var (_, second, lossWeight, state) = Data(4);
        var plain = Layer(state, ScalarType.Float64);
        var expected = Penalty(plain, plain, second, lossWeight, null, 1);
        var ranks = InProcessGroup.Run(2, g =>
        {
            using var rankScope = NewDisposeScope();
            var own = Layer(state, ScalarType.Float64);
            return Penalty(new SynchronizedBatchNorm(own, g), own, Rows(second, g.Rank, 2), Rows(lossWeight, g.Rank, 2), g, 2);
        });
        foreach (var r in ranks) AssertClose(expected.WeightGrad, r.WeightGrad, 1e-10, "weight gradient of the penalty");
        AssertClose(expected.InputGrad, ranks.SelectMany(r => r.InputGrad).ToArray(), 1e-10, "input gradient of the penalty");
    }

    [Fact]
    public void UnevenShardsNormaliseWithTheStatisticsOfTheWholeBatch()
    {
        using var scope = NewDisposeScope();
        var (first, second, _, state) = Data(4);
        var plain = Layer(state, ScalarType.Float64);
        plain.forward(first);
        var expected = Array(plain.forward(second));
        var ranks = InProcessGroup.Run(2, g =>
        {
            using var rankScope = NewDisposeScope();
            var own = Layer(state, ScalarType.Float64);
            var layer = new SynchronizedBatchNorm(own, g);
            long start = g.Rank == 0 ? 0 : 5, rows = g.Rank == 0 ? 5 : 3;
            layer.forward(first.narrow(0, start, rows));
            return (Output: Array(layer.forward(second.narrow(0, start, rows))), Mean: Array(own.RunningMean), Var: Array(own.RunningVar));
        });
        AssertClose(expected, ranks.SelectMany(r => r.Output).ToArray(), 1e-10, "output");
        foreach (var r in ranks)
        {
            AssertClose(Array(plain.RunningMean), r.Mean, 1e-10, "running mean");
            AssertClose(Array(plain.RunningVar), r.Var, 1e-10, "running variance");
        }
    }

    [Fact]
    public void PerRankBatchNormDoesNotComputeWhatOneProcessComputes()
    {
        using var scope = NewDisposeScope();
        var expected = SingleProcess(4, ScalarType.Float64);
        var ranks = Distributed(4, ScalarType.Float64, 2, synchronized: false);
        Assert.ThrowsAny<Exception>(() => AssertClose(expected.Output, ranks.SelectMany(r => r.Output).ToArray(), 1e-6, "output"));
        Assert.ThrowsAny<Exception>(() => AssertClose(expected.RunningVar, ranks[0].RunningVar, 1e-6, "running variance"));
    }

    [Fact]
    public void EvalModeUsesTheRunningStatisticsWithoutCommunicating()
    {
        using var scope = NewDisposeScope();
        var (_, second, _, state) = Data(4);
        var plain = Layer(state, ScalarType.Float64);
        var counting = new CountingGroup(SingleProcessGroup.Instance);
        var sync = new SynchronizedBatchNorm(Layer(state, ScalarType.Float64), counting);
        plain.eval();
        sync.eval();
        AssertClose(Array(plain.forward(second)), Array(sync.forward(second)), 1e-12, "eval output");
        Assert.Equal(0, counting.AllReduces);
        sync.train();
        sync.forward(second);
        Assert.Equal(1, counting.AllReduces);
    }

    [Fact]
    public void ABatchOfOneValuePerChannelIsRefusedOnEveryRank()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<InvalidOperationException>(() => InProcessGroup.Run(2, g =>
        {
            var layer = new SynchronizedBatchNorm(Channels, g);
            layer.forward(g.Rank == 0 ? ones(1, Channels) : zeros(0, Channels));
        }));
    }

    [Fact]
    public void ARankThatFailsBeforeBackwardMakesTheOthersThrowInsteadOfCrashingOrHanging()
    {
        var error = Assert.ThrowsAny<Exception>(() => InProcessGroup.Run(2, g =>
        {
            using var scope = NewDisposeScope();
            var layer = new SynchronizedBatchNorm(Channels, g);
            var x = randn(4, Channels).requires_grad_();
            var y = layer.forward(x);
            if (g.Rank == 1) throw new InvalidOperationException("rank 1 failed");
            // Rank 0's backward collective is cancelled inside libtorch's callback: the process must survive, and
            // the next synchronised forward reports the failure.
            y.mul(y).sum().backward();
            var next = Assert.Throws<InvalidOperationException>(() => layer.forward(x));
            Assert.IsAssignableFrom<OperationCanceledException>(next.InnerException);
        }, TimeSpan.FromSeconds(30)));
        Assert.Equal("rank 1 failed", error.Message);
    }

    [Fact]
    public void TheStateDictKeysAreThoseOfBatchNorm()
    {
        using var scope = NewDisposeScope();
        var plain = new BatchNorm(Channels);
        var sync = new SynchronizedBatchNorm(Channels, SingleProcessGroup.Instance);
        Assert.Equal(plain.state_dict().Keys, sync.state_dict().Keys);
        Assert.Equal(new[] { "weight", "bias" }, sync.named_parameters().Select(p => p.name));
        sync.load_state_dict(plain.state_dict());
    }
}

/// <summary>A group that counts the collectives it forwards to another.</summary>
internal sealed class CountingGroup(IProcessGroup inner) : IProcessGroup
{
    public int AllReduces { get; private set; }

    public int Rank => inner.Rank;

    public int Size => inner.Size;

    public void AllReduceSum(IReadOnlyList<Tensor> tensors)
    {
        AllReduces++;
        inner.AllReduceSum(tensors);
    }

    public void Broadcast(IReadOnlyList<Tensor> tensors, int root) => inner.Broadcast(tensors, root);

    public void Barrier() => inner.Barrier();
}
