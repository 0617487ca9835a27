using static TorchSharp.torch;

namespace ZslAttnGan.Training;

/// <summary>
/// Any <see cref="ITrainingData"/> cut into one rank's shard for data-parallel training: rank r of N keeps rows
/// [r·B/N, (r+1)·B/N) of every batch the wrapped source delivers, so the shards of an epoch are disjoint and their union
/// is the source's epoch. It reads every whole batch and drops the other ranks' rows: for a loader that can read only
/// its own rows, use that (ZslAttnGan.Data's <c>DataLoaderOptions.Shard</c>); this wrapper is for sources that cannot.
/// A batch is sorted by caption length, and so is every contiguous slice of it.
/// </summary>
public sealed class ShardedTrainingData : ITrainingData
{
    private readonly ITrainingData _source;

    /// <summary>Wraps <paramref name="source"/> for rank <paramref name="rank"/> of <paramref name="ranks"/>.</summary>
    public ShardedTrainingData(ITrainingData source, int rank, int ranks)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (ranks < 1) throw new ArgumentOutOfRangeException(nameof(ranks), ranks, "The number of ranks must be positive.");
        if (rank < 0 || rank >= ranks) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"The rank must lie in [0, {ranks}).");
        _source = source;
        Rank = rank;
        Ranks = ranks;
    }

    /// <summary>This shard's rank.</summary>
    public int Rank { get; }

    /// <summary>The number of shards.</summary>
    public int Ranks { get; }

    /// <inheritdoc />
    public int BatchesPerEpoch => _source.BatchesPerEpoch;

    /// <inheritdoc />
    public int ClassCount => _source.ClassCount;

    /// <inheritdoc />
    public IReadOnlyList<int> ImageSizes => _source.ImageSizes;

    /// <inheritdoc />
    public IEnumerable<ITrainingBatch> Batches(int epoch, int startBatch, Device device, CancellationToken cancellationToken)
    {
        foreach (var batch in _source.Batches(epoch, startBatch, device, cancellationToken))
        {
            using (batch)
            {
                long rows = batch.Captions.shape[0];
                if (rows < Ranks)
                    throw new InvalidOperationException($"A batch of {rows} rows cannot be shared by {Ranks} ranks (epoch {epoch}); use a batch size that is a multiple of the number of ranks.");
                var (start, length) = Collectives.RankBlock.Of(rows, Rank, Ranks);
                yield return new Slice(batch, start, length);
            }
        }
    }

    private sealed class Slice : ITrainingBatch
    {
        public Slice(ITrainingBatch whole, long start, long length)
        {
            // Copies, so that the slice owns its memory and the whole batch can be freed at once.
            Tensor Rows(Tensor x)
            {
                using var view = x.narrow(0, start, length);
                return view.clone();
            }
            Images = whole.Images.Select(Rows).ToArray();
            Captions = Rows(whole.Captions);
            Lengths = Rows(whole.Lengths);
            ClassIds = Rows(whole.ClassIds);
            // A caption batch is padded to its longest caption; the slice keeps the padding (harmless: masked by length).
        }

        public IReadOnlyList<Tensor> Images { get; }
        public Tensor Captions { get; }
        public Tensor Lengths { get; }
        public Tensor ClassIds { get; }

        public void Dispose()
        {
            foreach (var x in Images) x.Dispose();
            Captions.Dispose();
            Lengths.Dispose();
            ClassIds.Dispose();
        }
    }
}
