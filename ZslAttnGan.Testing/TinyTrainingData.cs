using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Training;
using static TorchSharp.torch;

namespace ZslAttnGan.Testing;

/// <summary>One batch of <see cref="TinyTrainingData"/>; owns its tensors.</summary>
public sealed class TinyBatch : ITrainingBatch
{
    /// <summary>Creates a batch that owns the given tensors.</summary>
    public TinyBatch(IReadOnlyList<Tensor> images, Tensor captions, Tensor lengths, Tensor classIds)
    {
        Images = images;
        Captions = captions;
        Lengths = lengths;
        ClassIds = classIds;
    }

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Images { get; }

    /// <inheritdoc />
    public Tensor Captions { get; }

    /// <inheritdoc />
    public Tensor Lengths { get; }

    /// <inheritdoc />
    public Tensor ClassIds { get; }

    /// <summary>True once disposed (trainers must dispose every batch they take).</summary>
    public bool Disposed { get; private set; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Disposed) return;
        Disposed = true;
        foreach (var t in Images) t.Dispose();
        Captions.Dispose();
        Lengths.Dispose();
        ClassIds.Dispose();
    }
}

/// <summary>
/// Random batches in the shape of <see cref="TinyModels"/>: uniform noise images at 32 and 64 px (the small one pooled
/// from the large), captions of 1–5 random words of <see cref="TinyModels.Vocabulary"/> with descending lengths, and
/// class ids cycling over <see cref="TinyModels.ClassCount"/>. Each batch is drawn from a generator seeded by its
/// position, so a resumed run sees the same batches.
/// </summary>
/// <param name="batchesPerEpoch">Batches in one epoch.</param>
/// <param name="batchSize">Rows per batch (at least 2: BatchNorm in train mode needs two).</param>
/// <param name="seed">Seed of the data.</param>
/// <param name="fixedBatch">Serve the same batch at every position.</param>
/// <param name="poison">(epoch, batch) → put a NaN into that batch's first image.</param>
public sealed class TinyTrainingData(int batchesPerEpoch, int batchSize = 4, int seed = 1, bool fixedBatch = false, Func<int, int, bool>? poison = null) : ITrainingData
{
    private const int MaxWords = 5;

    /// <inheritdoc />
    public int BatchesPerEpoch => batchesPerEpoch;

    /// <inheritdoc />
    public int ClassCount => TinyModels.ClassCount;

    /// <inheritdoc />
    public IReadOnlyList<int> ImageSizes => TinyModels.ImageSizes;

    /// <summary>Batches served so far.</summary>
    public int Served { get; private set; }

    /// <inheritdoc />
    public IEnumerable<ITrainingBatch> Batches(int epoch, int startBatch, Device device, CancellationToken cancellationToken)
    {
        for (int b = startBatch; b < batchesPerEpoch; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Served++;
            yield return Batch(fixedBatch ? 0 : epoch * 1000 + b, poison?.Invoke(epoch, b) ?? false);
        }
    }

    /// <summary>The batch at <paramref name="position"/> (epoch · 1000 + batch), on the CPU.</summary>
    public TinyBatch Batch(int position, bool poisoned = false)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator((ulong)(seed * 7919 + position));
        // Values are edited as arrays, not through tensor indexers: assigning a number there converts it to a temporary
        // Scalar that TorchSharp frees on the finalizer thread (docs/architecture.md, pitfalls).
        var pixels = rand(new long[] { batchSize, 3, 64, 64 }, generator: g).mul(Scalars.S(2)).sub(Scalars.S(1)).data<float>().ToArray();
        if (poisoned) pixels[0] = float.NaN;
        var big = tensor(pixels, new long[] { batchSize, 3, 64, 64 });
        var small = nn.functional.avg_pool2d(big, 2);
        var lengths = Enumerable.Range(0, batchSize).Select(i => (long)Math.Max(1, MaxWords - i % 4)).OrderByDescending(x => x).ToArray();
        var ids = randint(1, TinyModels.VocabularySize, new long[] { batchSize, MaxWords }, generator: g).data<long>().ToArray();
        for (int i = 0; i < batchSize; i++)
            for (long w = lengths[i]; w < MaxWords; w++) ids[i * MaxWords + w] = 0;
        var captions = tensor(ids, new long[] { batchSize, MaxWords });
        var classes = tensor(Enumerable.Range(0, batchSize).Select(i => (long)(i % TinyModels.ClassCount)).ToArray());
        return new TinyBatch(new[] { small.DetachFromDisposeScope(), big.DetachFromDisposeScope() }, captions.DetachFromDisposeScope(),
            tensor(lengths).DetachFromDisposeScope(), classes.DetachFromDisposeScope());
    }
}
