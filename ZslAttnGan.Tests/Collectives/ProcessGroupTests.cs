using TorchSharp;
using ZslAttnGan.Collectives;
using ZslAttnGan.Testing;

namespace ZslAttnGan.Tests.Collectives;

public class ProcessGroupTests
{
    [Fact]
    public void AverageGradientsLeavesTheMeanOfTheRanksGradientsOnEveryRank()
    {
        var grads = InProcessGroup.Run(3, group =>
        {
            using var p = new TorchSharp.Modules.Parameter(zeros(4));
            using var none = new TorchSharp.Modules.Parameter(zeros(2));
            p.grad = full(4, ZslAttnGan.TorchSharpWorkarounds.Scalars.S(group.Rank + 1), dtype: ScalarType.Float32);
            group.AverageGradients([p, none]);
            Assert.Null(none.grad);
            return p.grad!.data<float>().ToArray();
        });
        Assert.All(grads, g => Assert.All(g, v => Assert.Equal(2f, v)));
    }

    [Fact]
    public void AgreementAndSumsAreTheSameOnEveryRank()
    {
        var results = InProcessGroup.Run(2, group => (
            Any: group.AnyRank(group.Rank == 1),
            All: group.AllRanks(group.Rank == 1),
            Doubles: group.SumOverRanks(new[] { 0.5 * group.Rank, 1.0 }),
            Longs: group.SumOverRanks(new[] { (long)group.Rank, 7L })));
        Assert.All(results, r =>
        {
            Assert.True(r.Any);
            Assert.False(r.All);
            Assert.Equal(new[] { 0.5, 2.0 }, r.Doubles);
            Assert.Equal(new[] { 1L, 14L }, r.Longs);
        });
    }

    [Fact]
    public void BroadcastModuleCopiesRankZerosWeightsAndBuffers()
    {
        var sums = InProcessGroup.Run(2, group =>
        {
            using var model = TinyModels.Model(seed: 20 + group.Rank);
            foreach (var (_, m) in model.Components()) group.BroadcastModule(m);
            return TensorChecksums.Of(model.Components().SelectMany(c => c.Module.state_dict()));
        });
        Assert.Equal(sums[0], sums[1]);
    }

    [Fact]
    public void MismatchedShapesAreReportedOnEveryRank()
    {
        var e = Assert.Throws<InvalidOperationException>(() => InProcessGroup.Run(2, group =>
        {
            using var t = zeros(group.Rank + 1);
            group.AllReduceSum([t]);
        }));
        Assert.Contains("AllReduceSum", e.Message);
    }

    [Fact]
    public void TheTimedGroupCountsCallsAndBytes()
    {
        var counts = InProcessGroup.Run(2, inner =>
        {
            var group = new TimedProcessGroup(inner);
            using var a = ones(10);
            using var b = ones(3, dtype: ScalarType.Float64);
            group.AllReduceSum([a, b]);
            group.Barrier();
            Assert.Equal(2f, a[0].item<float>());
            return (group.Calls, group.Bytes, group.Elapsed);
        });
        Assert.All(counts, c =>
        {
            Assert.Equal(2, c.Calls);
            Assert.Equal(10 * 4 + 3 * 8, c.Bytes);
            Assert.True(c.Elapsed > TimeSpan.Zero);
        });
    }

    [Fact]
    public void TheWorldOfOneIsTheIdentity()
    {
        var g = SingleProcessGroup.Instance;
        using var t = ones(3);
        g.AllReduceSum([t]);
        g.Broadcast([t], 0);
        Assert.Equal(1f, t[0].item<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Broadcast([t], 1));
        Assert.False(g.IsDistributed());
        Assert.True(g.IsPrimary());
    }

    [Fact]
    public void ChecksumsSeeDtypeShapeAndEveryBit()
    {
        using var a = tensor(new[] { 1f, 2f });
        using var b = tensor(new[] { 1f, 2f }).reshape(2, 1);
        using var c = tensor(new[] { 1f, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(2f) + 1) });
        using var d = tensor(new[] { 1.0, 2.0 });
        Assert.Equal(TensorChecksums.Of(a), TensorChecksums.Of(a.clone()));
        Assert.NotEqual(TensorChecksums.Of(a), TensorChecksums.Of(b));
        Assert.NotEqual(TensorChecksums.Of(a), TensorChecksums.Of(c));
        Assert.NotEqual(TensorChecksums.Of(a), TensorChecksums.Of(d));
    }
}
