using ZslAttnGan.Training;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>Batches of random images and captions of a given shape, for timing without a dataset on disk. Each
/// position (epoch, batch) gets its own generator, so the data do not depend on how often it is read.</summary>
/// <param name="imageSizes">Image sizes per scale, smallest first.</param>
/// <param name="batchSize">Rows per batch.</param>
/// <param name="vocabularySize">Token ids are drawn from 1..vocabularySize−1 (0 is padding).</param>
/// <param name="classCount">Class ids are drawn from 0..classCount−1.</param>
/// <param name="words">Caption width; lengths run from <paramref name="words"/> down to half of it.</param>
/// <param name="seed">Seed of the draws.</param>
public sealed class RandomTrainingData(IReadOnlyList<int> imageSizes, int batchSize, int vocabularySize, int classCount, int words, long seed) : ITrainingData
{
    /// <inheritdoc />
    public int BatchesPerEpoch => 1000;

    /// <inheritdoc />
    public int ClassCount => classCount;

    /// <inheritdoc />
    public IReadOnlyList<int> ImageSizes => imageSizes;

    /// <inheritdoc />
    public IEnumerable<ITrainingBatch> Batches(int epoch, int startBatch, Device device, CancellationToken cancellationToken)
    {
        for (int b = startBatch; b < BatchesPerEpoch; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Make(epoch * BatchesPerEpoch + b, device);
        }
    }

    /// <summary>The caption lengths of every batch: from <paramref name="words"/> down to about half of it, longest first.</summary>
    public static long[] CaptionLengths(int batchSize, int words) =>
        Enumerable.Range(0, batchSize).Select(i => (long)Math.Max(1, words - i * words / (2 * batchSize))).ToArray();

    /// <summary>The first batch (epoch 0, batch 0), owned by the caller.</summary>
    public ITrainingBatch First(Device device) => Make(0, device);

    private RandomBatch Make(long position, Device device)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(unchecked((ulong)(seed * 1_000_003 + position)));
        var images = imageSizes
            .Select(s => rand(new long[] { batchSize, 3, s, s }, generator: g).mul(S(2)).sub(S(1)).to(device).MoveToOuterDisposeScope())
            .ToList();
        // Sorted by length, longest first, as the trainers expect; padding after each caption's length.
        var lengths = CaptionLengths(batchSize, words);
        var ids = randint(1, vocabularySize, new long[] { batchSize, words }, generator: g).data<long>().ToArray();
        for (int i = 0; i < batchSize; i++)
            for (long w = lengths[i]; w < words; w++) ids[i * words + w] = 0;
        var captions = tensor(ids, new long[] { batchSize, words });
        var classes = randint(0, classCount, new long[] { batchSize }, generator: g);
        return new RandomBatch(images, captions.to(device).MoveToOuterDisposeScope(), tensor(lengths).to(device).MoveToOuterDisposeScope(),
            classes.to(device).MoveToOuterDisposeScope());
    }

    private sealed class RandomBatch(IReadOnlyList<Tensor> images, Tensor captions, Tensor lengths, Tensor classIds) : ITrainingBatch
    {
        public IReadOnlyList<Tensor> Images { get; } = images;
        public Tensor Captions { get; } = captions;
        public Tensor Lengths { get; } = lengths;
        public Tensor ClassIds { get; } = classIds;

        public void Dispose()
        {
            foreach (var t in Images) t.Dispose();
            Captions.Dispose();
            Lengths.Dispose();
            ClassIds.Dispose();
        }
    }
}
