using static TorchSharp.torch;

namespace ZslAttnGan.Distributed;

public sealed unsafe partial class MpiProcessGroup
{
    // MPI counts are ints: longer buffers go in chunks of 2^30 elements.
    private const long MaxCount = 1L << 30;

    /// <summary>Replaces each tensor, in place, by its sum over every rank.</summary>
    /// <remarks>
    /// Float32, Float64 and Int64 tensors. CPU-contiguous tensors are reduced through their data pointers, without a
    /// copy; small tensors of one dtype are packed into buckets of <see cref="MpiOptions.BucketBytes"/> first, one
    /// <c>MPI_Allreduce</c> per bucket; non-contiguous and device tensors go through a contiguous CPU copy. Every rank
    /// gets bit-identical results. Blocks until every rank has called it; see <see cref="MpiOptions.CollectiveTimeout"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">A tensor has another dtype (the message names its index).</exception>
    /// <exception cref="InvalidOperationException">The ranks passed different dtypes or shapes (on every rank).</exception>
    /// <exception cref="MpiException">An MPI call failed.</exception>
    public void AllReduceSum(IReadOnlyList<Tensor> tensors)
    {
        TensorBuckets.Validate(tensors, nameof(AllReduceSum));
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_mpi is null || Size == 1 || tensors.Count == 0) return;
        Run(nameof(AllReduceSum), 0, tensors, readInput: true, writeOutput: true, (data, count, dtype) =>
        {
            var type = MpiType(dtype);
            Chunked(data, count, dtype, (chunk, n) => _mpi.Check(_mpi.Allreduce(MpiLibrary.InPlace, chunk, n, type, _mpi.OpSum, _mpi.CommWorld), "MPI_Allreduce"));
        });
    }

    /// <summary>Overwrites each tensor, in place, with rank <paramref name="root"/>'s values (through the same buckets
    /// and staging as <see cref="AllReduceSum"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="root"/> is not a rank.</exception>
    /// <exception cref="ArgumentException">A tensor has a dtype other than Float32, Float64 or Int64.</exception>
    /// <exception cref="InvalidOperationException">The ranks passed different dtypes, shapes or roots (on every rank).</exception>
    /// <exception cref="MpiException">An MPI call failed.</exception>
    public void Broadcast(IReadOnlyList<Tensor> tensors, int root)
    {
        TensorBuckets.Validate(tensors, nameof(Broadcast));
        if (root < 0 || root >= Size) throw new ArgumentOutOfRangeException(nameof(root), root, $"The group has ranks 0..{Size - 1}.");
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_mpi is null || Size == 1 || tensors.Count == 0) return;
        Run(nameof(Broadcast), root, tensors, readInput: Rank == root, writeOutput: Rank != root, (data, count, dtype) =>
        {
            var type = MpiType(dtype);
            Chunked(data, count, dtype, (chunk, n) => _mpi.Check(_mpi.Bcast(chunk, n, type, root, _mpi.CommWorld), "MPI_Bcast"));
        });
    }

    /// <summary>Returns once every rank has called it (<c>MPI_Barrier</c>, watched by the watchdog).</summary>
    /// <exception cref="MpiException">An MPI call failed.</exception>
    public void Barrier()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_mpi is null || Size == 1) return;
        lock (Gate)
        {
            using var watch = _watchdog?.Enter(nameof(Barrier));
            _mpi.Check(_mpi.Barrier(_mpi.CommWorld), "MPI_Barrier");
        }
    }

    private void Run(string operation, int root, IReadOnlyList<Tensor> tensors, bool readInput, bool writeOutput, TensorBuckets.Collective collective)
    {
        lock (Gate)
        {
            using var watch = _watchdog?.Enter(operation);
            if (_options.VerifyShapes) AgreeOnShapes(operation, root, tensors);
            _buckets.Run(tensors, _options.BucketBytes, readInput, writeOutput, collective);
        }
    }

    /// <summary>One all-reduce of [s, -s] with MAX gives every rank max(s) and -min(s): the ranks agree when they are
    /// equal, and all of them learn it, so all of them throw together and stay in step for the next call.</summary>
    private unsafe void AgreeOnShapes(string operation, int root, IReadOnlyList<Tensor> tensors)
    {
        long signature = ShapeSignature.Compute(operation, root, tensors);
        long* both = stackalloc long[2] { signature, -signature };
        _mpi!.Check(_mpi.Allreduce(MpiLibrary.InPlace, (nint)both, 2, _mpi.Int64, _mpi.OpMax, _mpi.CommWorld), "MPI_Allreduce (shape agreement)");
        if (both[0] != -both[1])
            throw new InvalidOperationException($"{operation}: the ranks disagree on the tensors' shapes or dtypes" +
                (operation == nameof(Broadcast) ? " (or the root)" : "") +
                $"; rank {Rank} of {Size} passed {ShapeSignature.Describe(tensors)}" + (operation == nameof(Broadcast) ? $" with root {root}" : "") +
                ". Every rank must call the same collectives in the same order with the same tensor lists.");
    }

    private nint MpiType(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => _mpi!.Float,
        ScalarType.Float64 => _mpi!.Double,
        _ => _mpi!.Int64,
    };

    private static void Chunked(nint data, long count, ScalarType dtype, Action<nint, int> call)
    {
        int elementSize = TensorBuckets.ElementSize(dtype);
        for (long offset = 0; offset < count; offset += MaxCount)
            call(data + (nint)(offset * elementSize), (int)Math.Min(MaxCount, count - offset));
    }
}
