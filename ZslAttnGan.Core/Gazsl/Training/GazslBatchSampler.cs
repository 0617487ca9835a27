using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Training;

/// <summary>
/// Chooses the training rows of each sub-step's batch from permutations drawn from the trainer's generator, in one of
/// two ways (see <see cref="GazslTrainingOptions.ReferenceSampler"/>). Its position (permutation, cursor, epoch) is
/// part of a checkpoint, so a resumed run draws the same batches.
/// </summary>
internal sealed class GazslBatchSampler
{
    private readonly long _rows;
    private readonly int _batch;
    private readonly bool _reference;
    private long[]? _permutation;

    /// <summary>Samples batches of <paramref name="batchSize"/> (at most <paramref name="rows"/>) row indices.</summary>
    public GazslBatchSampler(long rows, int batchSize, bool reference)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "There must be at least one training row.");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be positive.");
        _rows = rows;
        _batch = batchSize;
        _reference = reference;
    }

    /// <summary>Rows per batch: the batch size, or every row when the training set is smaller (the reference's slice).</summary>
    public int EffectiveBatchSize => (int)Math.Min(_batch, _rows);

    /// <summary>Index of the next unused entry of the current permutation.</summary>
    public long Cursor { get; private set; }

    /// <summary>Permutations drawn so far (a new one starts an epoch).</summary>
    public long Epoch { get; private set; }

    /// <summary>The current permutation, or null before the first batch.</summary>
    public long[]? Permutation => _permutation;

    /// <summary>The row indices of the next batch.</summary>
    public long[] Next(Generator random)
    {
        if (_reference)
        {
            // FeatDataLayer: reshuffle when cur + B >= N (note >=), then slice; the tail is never used.
            if (_permutation is null || Cursor + _batch >= _rows) Shuffle(random);
            var slice = _permutation!.AsSpan((int)Cursor, (int)Math.Min(_batch, _rows - Cursor)).ToArray();
            Cursor += _batch;
            return slice;
        }
        var batch = new long[EffectiveBatchSize];
        int filled = 0;
        while (filled < batch.Length)
        {
            if (_permutation is null || Cursor == _rows) Shuffle(random);
            int take = (int)Math.Min(batch.Length - filled, _rows - Cursor);
            Array.Copy(_permutation!, Cursor, batch, filled, take);
            Cursor += take;
            filled += take;
        }
        return batch;
    }

    /// <summary>Restores a position saved from <see cref="Permutation"/>, <see cref="Cursor"/> and <see cref="Epoch"/>.</summary>
    /// <exception cref="ArgumentException">The permutation is not one of this sampler's rows.</exception>
    public void Restore(long[]? permutation, long cursor, long epoch)
    {
        if (permutation is not null && (permutation.Length != _rows || permutation.Any(i => i < 0 || i >= _rows)))
            throw new ArgumentException($"The saved permutation does not index the {_rows} training rows (it has {permutation.Length} entries); the training data differ from the checkpoint's.", nameof(permutation));
        if (cursor < 0 || (!_reference && cursor > _rows))
            throw new ArgumentException($"The saved sampler cursor {cursor} does not fit {_rows} rows.", nameof(cursor));
        _permutation = permutation?.ToArray();
        Cursor = cursor;
        Epoch = epoch;
    }

    private void Shuffle(Generator random)
    {
        // Drawn on the generator's device (a CUDA generator cannot drive a CPU randperm), read on the CPU.
        using var perm = randperm(_rows, generator: random, device: random.device);
        using var cpu = perm.cpu();
        _permutation = cpu.data<long>().ToArray();
        Cursor = 0;
        Epoch++;
    }
}
