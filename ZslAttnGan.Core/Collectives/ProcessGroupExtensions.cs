using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZslAttnGan.Collectives;

/// <summary>What data-parallel training and sharded evaluation do with an <see cref="IProcessGroup"/>.</summary>
public static class ProcessGroupExtensions
{
    /// <summary>True when the group has more than one rank.</summary>
    public static bool IsDistributed(this IProcessGroup group) => group.Size > 1;

    /// <summary>True on rank 0, the rank that writes checkpoints, previews, metrics and logs.</summary>
    public static bool IsPrimary(this IProcessGroup group) => group.Rank == 0;

    /// <summary>Averages the gradients of <paramref name="parameters"/> over the ranks, in place: after backward, before
    /// clipping and the optimiser step. Parameters without a gradient are left alone (every rank runs the same code, so
    /// every rank has the same ones; the implementation refuses mismatched lists).</summary>
    public static void AverageGradients(this IProcessGroup group, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parameters);
        if (group.Size == 1) return;
        var grads = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0) return;
        using var _ = no_grad();
        group.AllReduceSum(grads);
        using var scale = (1.0 / group.Size).ToScalar();
        foreach (var g in grads) g.mul_(scale);
    }

    /// <summary>Copies rank <paramref name="root"/>'s parameters and buffers (BatchNorm statistics) into every rank's
    /// <paramref name="module"/>.</summary>
    public static void BroadcastModule(this IProcessGroup group, nn.Module module, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(module);
        if (group.Size == 1) return;
        using var _ = no_grad();
        var tensors = module.state_dict().Values.ToList();
        group.Broadcast(tensors, root);
    }

    /// <summary>True on every rank when <paramref name="local"/> is true on at least one.</summary>
    public static bool AnyRank(this IProcessGroup group, bool local)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Size == 1) return local;
        using var flag = tensor(local ? 1L : 0L).reshape(1);
        group.AllReduceSum([flag]);
        return flag.item<long>() > 0;
    }

    /// <summary>True on every rank when <paramref name="local"/> is true on every rank.</summary>
    public static bool AllRanks(this IProcessGroup group, bool local) => !group.AnyRank(!local);

    /// <summary>Every rank's <paramref name="values"/>, in rank order, on every rank (an all-gather through one sum: each
    /// rank fills its own row of a zero matrix). Every rank must pass the same number of values.</summary>
    public static long[][] GatherOverRanks(this IProcessGroup group, IReadOnlyList<long> values)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(values);
        if (group.Size == 1) return [values.ToArray()];
        using var scope = NewDisposeScope();
        var rows = zeros(group.Size, values.Count, dtype: ScalarType.Int64);
        rows[group.Rank].copy_(tensor(values.ToArray(), dtype: ScalarType.Int64));
        group.AllReduceSum([rows]);
        var all = rows.data<long>().ToArray();
        return Enumerable.Range(0, group.Size).Select(r => all.AsSpan(r * values.Count, values.Count).ToArray()).ToArray();
    }

    /// <summary>Sums <paramref name="values"/> element-wise over the ranks (in float64); for merging partial statistics.</summary>
    public static double[] SumOverRanks(this IProcessGroup group, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(values);
        var copy = values.ToArray();
        if (group.Size == 1 || copy.Length == 0) return copy;
        using var t = tensor(copy, dtype: ScalarType.Float64);
        group.AllReduceSum([t]);
        return t.data<double>().ToArray();
    }

    /// <summary>Sums <paramref name="values"/> element-wise over the ranks; for merging counts.</summary>
    public static long[] SumOverRanks(this IProcessGroup group, IReadOnlyList<long> values)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(values);
        var copy = values.ToArray();
        if (group.Size == 1 || copy.Length == 0) return copy;
        using var t = tensor(copy, dtype: ScalarType.Int64);
        group.AllReduceSum([t]);
        return t.data<long>().ToArray();
    }
}
