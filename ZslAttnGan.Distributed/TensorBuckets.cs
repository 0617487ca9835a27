using TorchSharp;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ZslAttnGan.Distributed;

/// <summary>
/// Runs an in-place collective (all-reduce or broadcast) over a list of tensors: each CPU-contiguous tensor is handed to
/// MPI through its own data pointer (no copy), small tensors of one dtype are packed into flat buckets first (one MPI
/// call per bucket instead of one per tensor), and other tensors are staged through a contiguous CPU copy.
/// </summary>
/// <remarks>The order of the MPI calls depends only on the list's dtypes and shapes, which every rank has agreed on
/// (<see cref="ShapeSignature"/>), so the ranks' calls match one to one.</remarks>
internal sealed unsafe class TensorBuckets : IDisposable
{
    /// <summary>The MPI call on <c>count</c> elements of <c>dtype</c> at <c>data</c>, in place.</summary>
    public delegate void Collective(nint data, long count, ScalarType dtype);

    private nint _buffer;
    private long _capacity;

    /// <summary>The dtypes MPI collectives take (MPI_FLOAT, MPI_DOUBLE, MPI_INT64_T).</summary>
    public static bool IsSupported(ScalarType dtype) => dtype is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Int64;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first tensor of an unsupported dtype.</summary>
    public static void Validate(IReadOnlyList<Tensor> tensors, string operation)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        for (int i = 0; i < tensors.Count; i++)
        {
            if (tensors[i] is null) throw new ArgumentException($"{operation}: tensors[{i}] is null.", nameof(tensors));
            if (!IsSupported(tensors[i].dtype))
                throw new ArgumentException($"{operation}: tensors[{i}] has dtype {tensors[i].dtype}; MPI collectives take Float32, Float64 and Int64 tensors.", nameof(tensors));
        }
    }

    /// <summary>Runs <paramref name="collective"/> over <paramref name="tensors"/>.</summary>
    /// <param name="tensors">The tensors, changed in place.</param>
    /// <param name="bucketBytes">Bucket capacity; tensors of at least this size go alone.</param>
    /// <param name="readInput">False when this rank's values do not matter (a broadcast's non-root ranks): buckets
    /// are then not packed.</param>
    /// <param name="writeOutput">False when the call leaves this rank's values unchanged (a broadcast's root): buckets and
    /// staged copies are then not copied back.</param>
    /// <param name="collective">The MPI call.</param>
    public void Run(IReadOnlyList<Tensor> tensors, long bucketBytes, bool readInput, bool writeOutput, Collective collective)
    {
        // The common single-tensor call (AnyRank, a flag, a large gradient): straight to MPI.
        if (tensors.Count == 1 && tensors[0].device_type == DeviceType.CPU && tensors[0].is_contiguous())
        {
            if (tensors[0].NumberOfElements > 0) collective(DataPointer(tensors[0]), tensors[0].NumberOfElements, tensors[0].dtype);
            return;
        }
        var staged = new Tensor?[tensors.Count];
        try
        {
            var views = new Tensor[tensors.Count];
            for (int i = 0; i < tensors.Count; i++)
            {
                var t = tensors[i];
                if (t.device_type == DeviceType.CPU && t.is_contiguous()) views[i] = t;
                else
                {
                    // The staging seam: a CUDA process group (NCCL) would reduce device tensors where they are instead.
                    // Here a non-contiguous or device tensor goes through a contiguous CPU copy and back.
                    using var detached = t.detach();
                    using var cpu = detached.cpu();
                    // contiguous() of a non-contiguous tensor is a copy; of a device tensor's CPU copy, a second handle
                    // on that copy (the storage lives on after the handles above are disposed).
                    staged[i] = cpu.contiguous();
                    views[i] = staged[i]!;
                }
            }
            foreach (var dtype in views.Select(v => v.dtype).Distinct().ToList())
                RunDtype(views.Where(v => v.dtype == dtype).ToList(), dtype, bucketBytes, readInput, writeOutput, collective);
            if (writeOutput)
            {
                using var _ = no_grad();
                for (int i = 0; i < tensors.Count; i++)
                    if (staged[i] is { } s) tensors[i].copy_(s);
            }
        }
        finally
        {
            foreach (var s in staged) s?.Dispose();
        }
    }

    private void RunDtype(List<Tensor> tensors, ScalarType dtype, long bucketBytes, bool readInput, bool writeOutput, Collective collective)
    {
        var bucket = new List<Tensor>();
        long bucketSize = 0;
        foreach (var t in tensors)
        {
            long bytes = t.NumberOfElements * t.ElementSize;
            if (bytes == 0) continue;
            if (bytes >= bucketBytes)
            {
                collective(DataPointer(t), t.NumberOfElements, dtype);
                continue;
            }
            if (bucketSize + bytes > bucketBytes)
            {
                Flush(bucket, bucketSize, dtype, readInput, writeOutput, collective);
                bucket.Clear();
                bucketSize = 0;
            }
            bucket.Add(t);
            bucketSize += bytes;
        }
        Flush(bucket, bucketSize, dtype, readInput, writeOutput, collective);
    }

    private void Flush(List<Tensor> bucket, long bytes, ScalarType dtype, bool readInput, bool writeOutput, Collective collective)
    {
        if (bucket.Count == 0) return;
        if (bucket.Count == 1)
        {
            // Packing one tensor would only add two copies.
            collective(DataPointer(bucket[0]), bucket[0].NumberOfElements, dtype);
            return;
        }
        EnsureCapacity(bytes);
        long offset = 0;
        if (readInput)
        {
            foreach (var t in bucket)
            {
                long n = t.NumberOfElements * t.ElementSize;
                Buffer.MemoryCopy((void*)DataPointer(t), (void*)(_buffer + (nint)offset), n, n);
                offset += n;
            }
        }
        collective(_buffer, bytes / ElementSize(dtype), dtype);
        if (!writeOutput) return;
        offset = 0;
        foreach (var t in bucket)
        {
            long n = t.NumberOfElements * t.ElementSize;
            Buffer.MemoryCopy((void*)(_buffer + (nint)offset), (void*)DataPointer(t), n, n);
            offset += n;
        }
    }

    private void EnsureCapacity(long bytes)
    {
        if (bytes <= _capacity) return;
        // One buffer for the group's lifetime (grown to the largest bucket), as DDP keeps its buckets: no allocation
        // per step.
        if (_buffer != 0) NativeMemory.AlignedFree((void*)_buffer);
        _buffer = (nint)NativeMemory.AlignedAlloc((nuint)bytes, 64);
        _capacity = bytes;
    }

    /// <summary>The address of a CPU-contiguous tensor's first element. TorchSharp's <c>bytes</c> span points at the
    /// tensor's storage (offset included) and refuses non-contiguous and device tensors.</summary>
    public static nint DataPointer(Tensor t) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    /// <summary>Bytes per element of a supported dtype.</summary>
    public static int ElementSize(ScalarType dtype) => dtype == ScalarType.Float32 ? 4 : 8;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer != 0) NativeMemory.AlignedFree((void*)_buffer);
        _buffer = 0;
        _capacity = 0;
    }
}
