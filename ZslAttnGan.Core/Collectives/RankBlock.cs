namespace ZslAttnGan.Collectives;

/// <summary>How data-parallel code splits N rows between ranks: rank r of R takes the contiguous block
/// [⌊N·r/R⌋, ⌊N·(r+1)/R⌋), so the blocks are disjoint, cover the rows in order and differ in size by at most one.</summary>
public static class RankBlock
{
    /// <summary>The first row and the number of rows of rank <paramref name="rank"/>'s block of <paramref name="rows"/>.</summary>
    public static (long Start, long Length) Of(long rows, int rank, int ranks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, ranks);
        long start = rows * rank / ranks, end = rows * (rank + 1) / ranks;
        return (start, end - start);
    }
}
