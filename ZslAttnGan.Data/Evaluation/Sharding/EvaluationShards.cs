using ZslAttnGan.Collectives;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// Which part of an evaluated list a rank handles. A list of <c>count</c> rows is cut into chunks of <c>chunkSize</c>
/// consecutive rows (the last one may be shorter), and chunk c belongs to rank c mod Size. Every rank computes the same
/// plan from the same numbers, the ranks' shards are disjoint and together cover the list, and with one rank the only
/// shard is the whole list.
/// </summary>
/// <remarks>
/// Why chunks and not single rows: the evaluation generates and encodes a chunk as one batch with its own seeded
/// generator (<see cref="EvaluationContext.GeneratorFor(int, int)"/>), so a chunk's images are the same whichever rank
/// draws them, and the batches of a sharded run are exactly the batches of a single-process run. Round-robin over
/// chunks rather than one block per rank keeps the ranks' shares within one chunk of each other.
/// </remarks>
public static class EvaluationShards
{
    /// <summary>The chunks of a <paramref name="count"/>-row list that <paramref name="group"/>'s rank handles, in order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or <paramref name="chunkSize"/> not positive.</exception>
    public static int[] LocalChunks(int count, int chunkSize, IProcessGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        int chunks = (count + chunkSize - 1) / chunkSize;
        return Enumerable.Range(0, chunks).Where(c => c % group.Size == group.Rank).ToArray();
    }

    /// <summary>The rows (global indices, ascending) of a <paramref name="count"/>-row list that <paramref name="group"/>'s
    /// rank handles.</summary>
    public static int[] LocalRows(int count, int chunkSize, IProcessGroup group) =>
        LocalChunks(count, chunkSize, group)
            .SelectMany(c => Enumerable.Range(c * chunkSize, Math.Min(chunkSize, count - c * chunkSize)))
            .ToArray();

    /// <summary>The items of <paramref name="items"/> at <paramref name="rows"/>.</summary>
    public static IReadOnlyList<T> Select<T>(IReadOnlyList<T> items, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(r => items[r]).ToList();
    }
}
