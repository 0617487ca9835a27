using TorchSharp;
using ZslAttnGan.Collectives;
using static TorchSharp.torch;

namespace ZslAttnGan.Testing;

/// <summary>
/// An <see cref="IProcessGroup"/> of threads in one process, for testing data-parallel code without MPI:
/// <see cref="Run"/> runs the same body on N threads, each with its own rank. Sums are taken in rank order, so every
/// rank gets bit-identical results (as MPI gives); every rank thread runs with the caller's libtorch thread count; shapes and dtypes are checked against rank 0's; a rank that throws
/// or a collective that waits longer than the timeout makes every rank throw instead of hanging.
/// </summary>
public sealed class InProcessGroup : IProcessGroup
{
    private readonly Shared _shared;

    private InProcessGroup(Shared shared, int rank)
    {
        _shared = shared;
        Rank = rank;
    }

    /// <inheritdoc />
    public int Rank { get; }

    /// <inheritdoc />
    public int Size => _shared.Size;

    /// <summary>Runs <paramref name="body"/> on <paramref name="size"/> threads (ranks 0..size-1) and returns their
    /// results in rank order; rethrows the first rank's exception.</summary>
    public static T[] Run<T>(int size, Func<IProcessGroup, T> body, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentNullException.ThrowIfNull(body);
        var shared = new Shared(size, timeout ?? TimeSpan.FromMinutes(2));
        var results = new T[size];
        var errors = new Exception?[size];
        // libtorch's intra-op thread count belongs to each OS thread, and it changes the last bits of reductions: ranks
        // run with the caller's count, so that their results compare with the caller's own to the bit.
        int intraOpThreads = get_num_threads();
        var threads = Enumerable.Range(0, size).Select(rank => new Thread(() =>
        {
            try
            {
                set_num_threads(intraOpThreads);
                results[rank] = body(new InProcessGroup(shared, rank));
            }
            catch (Exception e)
            {
                errors[rank] = e;
                shared.Failed.Cancel();
            }
        }, maxStackSize: 16 << 20)).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        var first = errors.FirstOrDefault(e => e is not null and not OperationCanceledException) ?? errors.FirstOrDefault(e => e is not null);
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        return results;
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="size"/> threads.</summary>
    public static void Run(int size, Action<IProcessGroup> body, TimeSpan? timeout = null) =>
        Run<bool>(size, g => { body(g); return true; }, timeout);

    /// <inheritdoc />
    public void AllReduceSum(IReadOnlyList<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Deposit(tensors);
        Wait();
        CheckAgreement("AllReduceSum");
        using (no_grad())
        {
            // Every rank sums in rank order into fresh tensors, then (after everyone has read) overwrites its own.
            var sums = tensors.Select((_, i) =>
            {
                var sum = _shared.Slots[0]![i].clone();
                // Integral tensors need an integral alpha.
                using var one = sum.is_floating_point() ? 1.0.ToScalar() : 1L.ToScalar();
                for (int r = 1; r < Size; r++) sum.add_(_shared.Slots[r]![i], alpha: one);
                return sum;
            }).ToList();
            Wait();
            for (int i = 0; i < tensors.Count; i++)
            {
                tensors[i].copy_(sums[i]);
                sums[i].Dispose();
            }
        }
        Wait();
    }

    /// <inheritdoc />
    public void Broadcast(IReadOnlyList<Tensor> tensors, int root)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentOutOfRangeException.ThrowIfNegative(root);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(root, Size);
        Deposit(tensors);
        Wait();
        CheckAgreement("Broadcast");
        if (Rank != root)
        {
            using var _ = no_grad();
            for (int i = 0; i < tensors.Count; i++) tensors[i].copy_(_shared.Slots[root]![i]);
        }
        Wait();
    }

    /// <inheritdoc />
    public void Barrier() => Wait();

    private void Deposit(IReadOnlyList<Tensor> tensors)
    {
        _shared.Slots[Rank] = tensors;
        // Descriptions are taken now: a rank that throws disposes its tensors while the others still compare.
        _shared.Signatures[Rank] = tensors.Select(t => $"{t.dtype} [{string.Join(", ", t.shape)}]").ToArray();
    }

    private void CheckAgreement(string operation)
    {
        var mine = _shared.Signatures[Rank]!;
        for (int r = 0; r < Size; r++)
        {
            var other = _shared.Signatures[r]!;
            if (other.Length != mine.Length)
                throw new InvalidOperationException($"{operation}: rank {r} passed {other.Length} tensors, rank {Rank} {mine.Length}.");
            for (int i = 0; i < mine.Length; i++)
                if (other[i] != mine[i])
                    throw new InvalidOperationException($"{operation}: the ranks disagree on tensor {i}: {other[i]} on rank {r}, {mine[i]} on rank {Rank}.");
        }
    }

    private void Wait()
    {
        if (!_shared.Barrier.SignalAndWait(_shared.Timeout, _shared.Failed.Token))
            throw new TimeoutException($"Rank {Rank} waited more than {_shared.Timeout} for the other ranks.");
    }

    private sealed class Shared(int size, TimeSpan timeout)
    {
        public int Size { get; } = size;
        public TimeSpan Timeout { get; } = timeout;
        public Barrier Barrier { get; } = new(size);
        public CancellationTokenSource Failed { get; } = new();
        public IReadOnlyList<Tensor>?[] Slots { get; } = new IReadOnlyList<Tensor>?[size];
        public string[]?[] Signatures { get; } = new string[]?[size];
    }
}
