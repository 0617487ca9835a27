using TorchSharp;
using TorchSharp.PyBridge;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using ZslAttnGan.IO;
using ZslAttnGan.Collectives;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// Streaming first and second moments of feature vectors for FID, kept as (sum, sum of outer products, count) in double
/// precision. Because these are plain sums, statistics of shards computed separately (other processes, other machines,
/// other days) <see cref="Merge"/> into exactly the statistics of the whole set, up to the rounding of the final
/// additions; mean and covariance are derived only when asked for.
/// </summary>
/// <remarks>
/// The covariance is (Σxxᵀ − n·μμᵀ)/(n − 1), the unbiased estimate numpy's <c>np.cov(rowvar=False)</c> gives. The
/// one-pass formula loses precision only when the mean is large relative to the spread; Inception pool3 features
/// (non-negative, mean and std both ≈ 0.1–1) are far from that in double precision.
/// </remarks>
public sealed class FeatureStatistics
{
    private readonly double[] _sum;
    private readonly double[] _outer;

    /// <summary>Creates empty statistics for <paramref name="dimension"/>-d features.</summary>
    public FeatureStatistics(int dimension)
    {
        Guard.Positive(dimension, nameof(dimension));
        Dimension = dimension;
        _sum = new double[dimension];
        _outer = new double[(long)dimension * dimension];
    }

    /// <summary>Length of the feature vectors.</summary>
    public int Dimension { get; }

    /// <summary>Number of vectors added.</summary>
    public long Count { get; private set; }

    /// <summary>Σx over the vectors added.</summary>
    public IReadOnlyList<double> Sum => _sum;

    /// <summary>Σxxᵀ, row-major [Dimension × Dimension].</summary>
    public IReadOnlyList<double> SumOfOuterProducts => _outer;

    /// <summary>Adds a batch of features [N, Dimension] (any floating dtype and device; accumulated in float64 on the CPU).</summary>
    /// <exception cref="ArgumentException">The features have the wrong shape or are not floating point.</exception>
    public void Add(Tensor features)
    {
        Guard.Shape(features, nameof(features), $"[N, {Dimension}]", -1, Dimension);
        Guard.Floating(features, nameof(features));
        if (features.shape[0] == 0) return;
        using var scope = NewDisposeScope();
        var x = features.detach().to(ScalarType.Float64, CPU);
        var sum = x.sum(new long[] { 0 }).contiguous().data<double>().ToArray();
        var outer = x.t().matmul(x).contiguous().data<double>().ToArray();
        for (int i = 0; i < _sum.Length; i++) _sum[i] += sum[i];
        for (long i = 0; i < _outer.LongLength; i++) _outer[i] += outer[i];
        Count += features.shape[0];
    }

    /// <summary>The statistics of both sets together (neither operand changes).</summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public FeatureStatistics Merge(FeatureStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Dimension != Dimension)
            throw new ArgumentException($"Cannot merge {other.Dimension}-d statistics into {Dimension}-d ones.", nameof(other));
        var merged = new FeatureStatistics(Dimension) { Count = Count + other.Count };
        for (int i = 0; i < _sum.Length; i++) merged._sum[i] = _sum[i] + other._sum[i];
        for (long i = 0; i < _outer.LongLength; i++) merged._outer[i] = _outer[i] + other._outer[i];
        return merged;
    }

    /// <summary>The statistics of every rank's vectors together, on every rank: the sums and counts of
    /// <paramref name="group"/>'s ranks added in float64 (this instance does not change). With one rank, a copy. Equal to
    /// the statistics of all vectors added in one process up to the rounding of the additions (the order differs).</summary>
    /// <remarks>Collective: every rank calls it with statistics of the same dimension.</remarks>
    public FeatureStatistics SumOverRanks(IProcessGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var merged = new FeatureStatistics(Dimension) { Count = Count };
        if (group.Size == 1)
        {
            Array.Copy(_sum, merged._sum, _sum.Length);
            Array.Copy(_outer, merged._outer, _outer.LongLength);
            return merged;
        }
        using var sum = tensor(_sum, ScalarType.Float64);
        using var outer = tensor(_outer, ScalarType.Float64);
        using var count = tensor(new[] { Count });
        group.AllReduceSum([sum, outer, count]);
        sum.data<double>().CopyTo(merged._sum, 0);
        outer.data<double>().CopyTo(merged._outer, 0);
        merged.Count = count.item<long>();
        return merged;
    }

    /// <summary>Rank <paramref name="root"/>'s statistics, on every rank (e.g. reference statistics that only rank 0 read
    /// from its cache). With one rank, a copy.</summary>
    /// <remarks>Collective: every rank calls it with statistics of the same dimension.</remarks>
    public FeatureStatistics BroadcastFrom(IProcessGroup group, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(group);
        var copy = new FeatureStatistics(Dimension) { Count = Count };
        using var sum = tensor(_sum, ScalarType.Float64);
        using var outer = tensor(_outer, ScalarType.Float64);
        using var count = tensor(new[] { Count });
        group.Broadcast([sum, outer, count], root);
        sum.data<double>().CopyTo(copy._sum, 0);
        outer.data<double>().CopyTo(copy._outer, 0);
        copy.Count = count.item<long>();
        return copy;
    }

    /// <summary>The mean μ [Dimension] as a float64 CPU tensor.</summary>
    /// <exception cref="InvalidOperationException">No vector was added.</exception>
    public Tensor Mean()
    {
        if (Count < 1) throw new InvalidOperationException("The mean needs at least one feature vector.");
        using var sum = tensor(_sum, ScalarType.Float64);
        using var n = ((double)Count).ToScalar();
        return sum / n;
    }

    /// <summary>The unbiased covariance Σ [Dimension, Dimension] as a float64 CPU tensor.</summary>
    /// <exception cref="InvalidOperationException">Fewer than two vectors were added.</exception>
    public Tensor Covariance()
    {
        if (Count < 2) throw new InvalidOperationException($"The covariance needs at least two feature vectors; {Count} were added.");
        using var scope = NewDisposeScope();
        var mean = Mean();
        var outer = tensor(_outer, new long[] { Dimension, Dimension }, ScalarType.Float64);
        using var n = ((double)Count).ToScalar();
        using var n1 = ((double)(Count - 1)).ToScalar();
        var cov = (outer - mean.outer(mean) * n) / n1;
        return cov.MoveToOuterDisposeScope();
    }

    /// <summary>Writes the raw sums to a safetensors file (<c>sum</c> [D] f64, <c>sum_outer</c> [D, D] f64,
    /// <c>count</c> [1] i64), readable from Python with <c>safetensors.torch.load_file</c>.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["sum"] = tensor(_sum, ScalarType.Float64),
            ["sum_outer"] = tensor(_outer, new long[] { Dimension, Dimension }, ScalarType.Float64),
            ["count"] = tensor(new[] { Count }),
        };
        // Never a truncated cache file under the final name.
        AtomicFile.Write(path, temporary => Safetensors.SaveStateDict(temporary, tensors));
    }

    /// <summary>Reads statistics written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file lacks a tensor or has inconsistent shapes.</exception>
    public static FeatureStatistics Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Feature statistics file '{path}' does not exist.", path);
        using var scope = NewDisposeScope();
        var t = Safetensors.LoadStateDict(path);
        if (!t.TryGetValue("sum", out var sum) || !t.TryGetValue("sum_outer", out var outer) || !t.TryGetValue("count", out var count))
            throw new InvalidDataException($"'{path}' is not a feature statistics file (needs sum, sum_outer and count).");
        if (sum.ndim != 1 || outer.ndim != 2 || outer.shape[0] != sum.shape[0] || outer.shape[1] != sum.shape[0] || count.numel() != 1)
            throw new InvalidDataException($"'{path}' has inconsistent shapes: sum {Guard.Shape(sum)}, sum_outer {Guard.Shape(outer)}, count {Guard.Shape(count)}.");
        var stats = new FeatureStatistics((int)sum.shape[0]) { Count = count.to(ScalarType.Int64).item<long>() };
        sum.to(ScalarType.Float64).data<double>().CopyTo(stats._sum, 0);
        outer.to(ScalarType.Float64).contiguous().data<double>().CopyTo(stats._outer, 0);
        return stats;
    }
}
