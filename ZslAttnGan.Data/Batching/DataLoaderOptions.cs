using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Data.Batching;

/// <summary>How <see cref="DataLoader"/> samples, decodes and delivers batches. Defaults follow the reference.</summary>
public sealed record DataLoaderOptions
{
    /// <summary>Rows per batch (TRAIN.BATCH_SIZE; bird_attn2.yml uses 20).</summary>
    public int BatchSize { get; init; } = 20;

    /// <summary>Maximum caption length; longer captions keep a random ordered subset (TEXT.WORDS_NUM).</summary>
    public int WordsNum { get; init; } = 18;

    /// <summary>Shuffle the order every epoch (the reference shuffles, also in test mode).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Drop the last incomplete batch (the reference does).</summary>
    public bool DropLast { get; init; } = true;

    /// <summary>Seed of every random choice: order, caption, word subset, crop and flip. Same seed and epoch, same batches,
    /// whatever the number of workers.</summary>
    public int Seed { get; init; }

    /// <summary>Parallel image decoders (default: the processor count).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Batches prepared ahead of the consumer.</summary>
    public int PrefetchBatches { get; init; } = 2;

    /// <summary>Device the batches are delivered on (null = CPU).</summary>
    public TorchSharp.torch.Device? Device { get; init; }

    /// <summary>The image transform.</summary>
    public ImageTransformOptions Transform { get; init; } = new();

    /// <summary>In data-parallel training, this rank's part of every batch (null = the whole batch). <see cref="BatchSize"/>
    /// stays the global batch size.</summary>
    public DataShard? Shard { get; init; }

    /// <summary>What to do with an image that fails to decode.</summary>
    public BadItemPolicy BadImages { get; init; } = BadItemPolicy.Throw;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (BatchSize <= 0) throw new ArgumentException($"DataLoaderOptions.BatchSize must be positive (got {BatchSize}).", nameof(BatchSize));
        if (WordsNum <= 0) throw new ArgumentException($"DataLoaderOptions.WordsNum must be positive (got {WordsNum}).", nameof(WordsNum));
        if (Workers <= 0) throw new ArgumentException($"DataLoaderOptions.Workers must be positive (got {Workers}).", nameof(Workers));
        if (PrefetchBatches <= 0) throw new ArgumentException($"DataLoaderOptions.PrefetchBatches must be positive (got {PrefetchBatches}).", nameof(PrefetchBatches));
        Shard?.Validate(BatchSize);
        ArgumentNullException.ThrowIfNull(Transform, nameof(Transform));
        Transform.Validate();
    }
}
