using System.Runtime.InteropServices;
using ZslAttnGan.Distributed;

namespace ZslAttnGan.Tests.Distributed;

/// <summary>The bucketing engine with a stand-in collective (doubling in place): what MPI would see, without MPI.</summary>
public class TensorBucketsTests
{
    [Fact]
    public void SmallTensorsArePackedPerDtypeLargeOnesGoAloneAndStagedOnesAreCopiedBack()
    {
        using var scope = NewDisposeScope();
        var tensors = new List<Tensor>();
        for (int i = 0; i < 100; i++) tensors.Add(full([i % 4 + 1, 2], Scalars.S(i), dtype: ScalarType.Float32));   // 8..32 bytes each
        tensors.Add(full([3], Scalars.S(7), dtype: ScalarType.Int64));
        tensors.Add(arange(Scalars.S(600), dtype: ScalarType.Float64));                                            // 4800 bytes: alone
        tensors.Add(full([2, 3], Scalars.S(1), dtype: ScalarType.Float32).t());                                     // non-contiguous
        tensors.Add(zeros(0, dtype: ScalarType.Float32));                                                           // empty: skipped
        var expected = tensors.Select(t => t.Plus(t)).ToList();   // 2t in every dtype (a float scalar would not multiply Int64 in place)
        var calls = new List<(long Count, ScalarType Dtype)>();
        using var buckets = new TensorBuckets();
        buckets.Run(tensors, bucketBytes: 1024, readInput: true, writeOutput: true, (data, count, dtype) =>
        {
            calls.Add((count, dtype));
            if (dtype == ScalarType.Float32) Double(data, new float[count], v => v * 2, Marshal.Copy, Marshal.Copy);
            else if (dtype == ScalarType.Float64) Double(data, new double[count], v => v * 2, Marshal.Copy, Marshal.Copy);
            else Double(data, new long[count], v => v * 2, Marshal.Copy, Marshal.Copy);
        });
        for (int i = 0; i < tensors.Count; i++) TensorAssert.BitwiseEqual(expected[i], tensors[i], $"tensor {i}");
        long floats = tensors.Where(t => t.dtype == ScalarType.Float32).Sum(t => t.NumberOfElements);
        Assert.Equal(floats, calls.Where(c => c.Dtype == ScalarType.Float32).Sum(c => c.Count));
        // 100 float32 tensors of 8-32 bytes (2000 bytes plus the staged 24) in 1024-byte buckets: 2 or 3 calls, not 101.
        Assert.InRange(calls.Count(c => c.Dtype == ScalarType.Float32), 2, 3);
        Assert.Contains((600L, ScalarType.Float64), calls);
        Assert.Contains((3L, ScalarType.Int64), calls);   // a bucket of one tensor goes in place
    }

    /// <summary>Reads count values at data, maps them, writes them back (what the stand-in collective does).</summary>
    private static void Double<T>(nint data, T[] values, Func<T, T> map, Action<nint, T[], int, int> read, Action<T[], int, nint, int> write)
    {
        read(data, values, 0, values.Length);
        for (int i = 0; i < values.Length; i++) values[i] = map(values[i]);
        write(values, 0, data, values.Length);
    }

    [Fact]
    public void ABroadcastReceiverDoesNotPackAndTheRootDoesNotUnpack()
    {
        using var scope = NewDisposeScope();
        var a = full([4], Scalars.S(1), dtype: ScalarType.Float32);
        var b = full([4], Scalars.S(2), dtype: ScalarType.Float32);
        using var buckets = new TensorBuckets();
        // Root: the call sees its values, and writes to the bucket do not come back.
        var seen = new List<float>();
        buckets.Run([a, b], 1024, readInput: true, writeOutput: false, (data, count, _) =>
        {
            var values = new float[count];
            Marshal.Copy(data, values, 0, values.Length);
            seen.AddRange(values);
            Array.Fill(values, 9);
            Marshal.Copy(values, 0, data, values.Length);
        });
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], seen);
        Assert.Equal(1f, a[0].item<float>());
        // Receiver: what the call writes lands in the tensors.
        buckets.Run([a, b], 1024, readInput: false, writeOutput: true, (data, count, _) =>
        {
            var values = new float[count];
            Array.Fill(values, 5);
            Marshal.Copy(values, 0, data, values.Length);
        });
        Assert.Equal(5f, a[3].item<float>());
        Assert.Equal(5f, b[0].item<float>());
    }

    [Fact]
    public void TheShapeSignatureSeesCountDtypeShapeOperationAndRoot()
    {
        using var scope = NewDisposeScope();
        Tensor[] list = [zeros(2, 3), zeros(4, dtype: ScalarType.Int64)];
        long s = ShapeSignature.Compute("AllReduceSum", 0, list);
        Assert.True(s >= 0);
        Assert.Equal(s, ShapeSignature.Compute("AllReduceSum", 0, [ones(2, 3), ones(4, dtype: ScalarType.Int64)]));
        Assert.NotEqual(s, ShapeSignature.Compute("AllReduceSum", 0, [zeros(3, 2), zeros(4, dtype: ScalarType.Int64)]));
        Assert.NotEqual(s, ShapeSignature.Compute("AllReduceSum", 0, [zeros(2, 3), zeros(4, dtype: ScalarType.Float64)]));
        Assert.NotEqual(s, ShapeSignature.Compute("AllReduceSum", 0, [zeros(2, 3)]));
        Assert.NotEqual(s, ShapeSignature.Compute("AllReduceSum", 0, [zeros(6), zeros(4, dtype: ScalarType.Int64)]));
        Assert.NotEqual(s, ShapeSignature.Compute("Broadcast", 0, list));
        Assert.NotEqual(ShapeSignature.Compute("Broadcast", 0, list), ShapeSignature.Compute("Broadcast", 1, list));
        Assert.Equal("2 tensors: Float32[2,3], Int64[4]", ShapeSignature.Describe(list));
    }
}
