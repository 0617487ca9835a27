using ZslAttnGan.Collectives;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Cli.Commands;

/// <summary>The checks of <c>distributed selftest</c>. Rank r contributes values that are multiples of (r + 1), so every
/// sum has a closed form in S = size·(size + 1)/2, exact in floating point (small integers and quarters).</summary>
internal static class DistributedSelfTest
{
    /// <summary>Runs every check on <paramref name="group"/>; null when all passed, else what failed.</summary>
    public static string? Run(IProcessGroup group)
    {
        using var scope = NewDisposeScope();
        return AllReduce(group) ?? Broadcast(group) ?? Agreement(group) ?? Helpers(group) ?? DataParallelStep(group) ?? Refusals(group);
    }

    private static string? AllReduce(IProcessGroup group)
    {
        double r1 = group.Rank + 1, s = group.Size * (group.Size + 1) / 2.0;
        var tensors = new List<Tensor>();
        var expected = new List<Tensor>();
        // 300 small float32 tensors of assorted shapes, with float64 and int64 ones interleaved: the buckets are per dtype.
        for (int i = 0; i < 300; i++)
        {
            long[] shape = [i % 5 + 1, i % 3 + 2];
            tensors.Add(full(shape, Scalars.S(r1 * (i % 7 + 1)), dtype: ScalarType.Float32));
            expected.Add(full(shape, Scalars.S(s * (i % 7 + 1)), dtype: ScalarType.Float32));
            if (i % 3 == 0)
            {
                tensors.Add(full([i % 4 + 1], Scalars.S(r1 * 0.25 * (i + 1)), dtype: ScalarType.Float64));
                expected.Add(full([i % 4 + 1], Scalars.S(s * 0.25 * (i + 1)), dtype: ScalarType.Float64));
                tensors.Add(full([2], Scalars.S(r1 * 1_000_003 + i), dtype: ScalarType.Int64));
                expected.Add(full([2], Scalars.S(s * 1_000_003 + group.Size * (double)i), dtype: ScalarType.Int64));
            }
        }
        // One float32 tensor larger than a 25 MB bucket (32 MB): reduced alone, in place.
        using (var k = arange(Scalars.S(8 << 20), dtype: ScalarType.Int64).remainder(Scalars.S(1000)).to(ScalarType.Float32))
        {
            tensors.Add(k.mul(Scalars.S(r1)));
            expected.Add(k.mul(Scalars.S(s)));
        }
        // A non-contiguous (transposed) tensor: staged through a contiguous copy and copied back.
        tensors.Add(full([3, 4], Scalars.S(r1), dtype: ScalarType.Float64).t());
        expected.Add(full([4, 3], Scalars.S(s), dtype: ScalarType.Float64));
        group.AllReduceSum(tensors);
        return Compare("AllReduceSum", tensors, expected);
    }

    private static string? Broadcast(IProcessGroup group)
    {
        int root = group.Size - 1;
        var tensors = new List<Tensor>();
        var expected = new List<Tensor>();
        for (int i = 0; i < 50; i++)
        {
            var dtype = (i % 3) switch { 0 => ScalarType.Float32, 1 => ScalarType.Float64, _ => ScalarType.Int64 };
            tensors.Add(full([i % 6 + 1], Scalars.S(group.Rank * 100 + i), dtype: dtype));
            expected.Add(full([i % 6 + 1], Scalars.S(root * 100 + i), dtype: dtype));
        }
        // Larger than a bucket: 32 MB of float64.
        tensors.Add(full([4L << 20], Scalars.S(group.Rank + 0.5), dtype: ScalarType.Float64));
        expected.Add(full([4L << 20], Scalars.S(root + 0.5), dtype: ScalarType.Float64));
        group.Broadcast(tensors, root);
        group.Barrier();
        return Compare($"Broadcast from rank {root}", tensors, expected);
    }

    /// <summary>Mismatched shapes must make every rank throw (and leave the ranks in step), not sum garbage.</summary>
    private static string? Agreement(IProcessGroup group)
    {
        if (group.Size == 1) return null;
        using var t = zeros(group.Rank + 1, dtype: ScalarType.Float32);
        try
        {
            group.AllReduceSum([t]);
            return "AllReduceSum of tensors of different shapes did not throw";
        }
        catch (InvalidOperationException e) when (e.Message.Contains("disagree", StringComparison.Ordinal))
        {
        }
        group.Barrier();   // still in step
        return null;
    }

    private static string? Helpers(IProcessGroup group)
    {
        if (!group.AnyRank(group.Rank == group.Size - 1)) return "AnyRank(true on the last rank) was false";
        if (group.AllRanks(group.Rank == 0) != (group.Size == 1)) return "AllRanks(true on rank 0 only) was wrong";
        long n = group.Size;
        var sums = group.SumOverRanks([1L, group.Rank]);
        if (sums[0] != n || sums[1] != n * (n - 1) / 2) return $"SumOverRanks gave [{sums[0]}, {sums[1]}]";
        return null;
    }

    /// <summary>What data-parallel training does: different initial weights per rank, BroadcastModule, a backward pass on
    /// rank-specific data, AverageGradients; then every rank's weights and gradients must be bit-identical to rank 0's.</summary>
    private static string? DataParallelStep(IProcessGroup group)
    {
        // A generator of its own, not manual_seed: the global one belongs to whatever else runs in this process.
        using var generator = new Generator(1000 + (ulong)group.Rank);
        using var model = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 3));
        using (no_grad())
            foreach (var p in model.parameters()) p.copy_(randn(p.shape, generator: generator));
        group.BroadcastModule(model);
        using var x = randn([5, 8], generator: generator);
        using var y = model.forward(x);
        using var loss = y.square().sum();
        loss.backward();
        var parameters = model.parameters().ToList();
        group.AverageGradients(parameters);
        var local = parameters.Select(p => p.detach()).Concat(parameters.Select(p => p.grad!)).ToList();
        var root = local.Select(t => t.clone()).ToList();
        group.Broadcast(root, 0);
        bool same = local.Zip(root).All(pair => pair.First.shape.SequenceEqual(pair.Second.shape) && pair.First.allclose(pair.Second, rtol: 0, atol: 0));
        return group.AllRanks(same) ? null : "after BroadcastModule and AverageGradients the ranks' weights or gradients differ from rank 0's";
    }

    private static string? Refusals(IProcessGroup group)
    {
        using var f = zeros(2, dtype: ScalarType.Float32);
        using var i = zeros(2, dtype: ScalarType.Int32);
        try
        {
            group.AllReduceSum([f, i]);
            return "an Int32 tensor was not refused";
        }
        catch (ArgumentException e) when (e.Message.Contains("tensors[1]", StringComparison.Ordinal) && e.Message.Contains("Int32", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private static string? Compare(string operation, List<Tensor> actual, List<Tensor> expected)
    {
        for (int i = 0; i < actual.Count; i++)
        {
            if (!actual[i].shape.SequenceEqual(expected[i].shape) || !actual[i].allclose(expected[i], rtol: 0, atol: 0))
            {
                using var a = actual[i].flatten();
                using var e = expected[i].flatten();
                using var a0 = a[0];
                using var e0 = e[0];
                return $"{operation}: tensor {i} ({actual[i].dtype}[{string.Join(',', actual[i].shape)}]) differs from the closed form " +
                    $"(first element {a0.ToString(TorchSharp.TensorStringStyle.Numpy)} instead of {e0.ToString(TorchSharp.TensorStringStyle.Numpy)})";
            }
        }
        return null;
    }
}
