namespace ZslAttnGan.Data.Batching;

/// <summary>
/// One rank's part of every batch in data-parallel training: with <see cref="DataLoaderOptions.BatchSize"/> = B (the
/// global batch) and <see cref="Count"/> = N ranks, rank <see cref="Index"/> receives rows [Index·B/N, (Index+1)·B/N) of
/// each batch the single-process loader would deliver for the same seed. The shards of an epoch are disjoint and their
/// union is exactly that epoch; every sample's randomness (caption, crop, flip) is the single-process one.
/// </summary>
/// <param name="Index">This rank, 0 ≤ Index &lt; Count.</param>
/// <param name="Count">The number of ranks; it must divide the batch size.</param>
public sealed record DataShard(int Index, int Count)
{
    /// <summary>Throws when the shard does not fit a batch of <paramref name="batchSize"/>.</summary>
    public void Validate(int batchSize)
    {
        if (Count < 1) throw new ArgumentException($"DataShard.Count must be positive (got {Count}).", nameof(Count));
        if (Index < 0 || Index >= Count) throw new ArgumentException($"DataShard.Index must lie in [0, {Count}) (got {Index}).", nameof(Index));
        if (batchSize % Count != 0)
            throw new ArgumentException($"The global batch size {batchSize} does not divide into {Count} ranks; choose a batch size that is a multiple of the number of ranks.", nameof(Count));
    }

    /// <summary>This rank's rows of a batch of <paramref name="indices"/> (a short last batch is split as evenly as it goes).</summary>
    public int[] Slice(IReadOnlyList<int> indices)
    {
        var (start, length) = Collectives.RankBlock.Of(indices.Count, Index, Count);
        return indices.Skip((int)start).Take((int)length).ToArray();
    }
}
