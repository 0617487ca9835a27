using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZslAttnGan.Data.Captions;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Data.Batching;

/// <summary>
/// Turns an <see cref="ImageCaptionDataset"/> into batches as the reference's DataLoader + <c>prepare_data</c>: per epoch a
/// shuffled order, one random caption per image, the WORDS_NUM word subset, the image transform, batches sorted by
/// caption length. Images are decoded by <see cref="DataLoaderOptions.Workers"/> threads on a background pipeline that
/// keeps <see cref="DataLoaderOptions.PrefetchBatches"/> batches ready.
/// </summary>
public sealed class DataLoader
{
    private const ulong CaptionStream = 1, ImageStream = 2;

    private readonly ImageCaptionDataset _dataset;
    private readonly DataLoaderOptions _options;
    private readonly ImageTransform _transform;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, DataIssue> _skipped = new();

    /// <summary>Creates a loader.</summary>
    public DataLoader(ImageCaptionDataset dataset, DataLoaderOptions options, ILogger<DataLoader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dataset = dataset;
        _options = options;
        _transform = new ImageTransform(options.Transform);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The dataset.</summary>
    public ImageCaptionDataset Dataset => _dataset;

    /// <summary>The options.</summary>
    public DataLoaderOptions Options => _options;

    /// <summary>Images left out so far because they could not be decoded (with <see cref="BadItemPolicy.SkipAndReport"/>).</summary>
    public IReadOnlyList<DataIssue> SkippedImages => _skipped.OrderBy(p => p.Key).Select(p => p.Value).ToList();

    /// <summary>Number of batches in an epoch (before any image is skipped).</summary>
    public int BatchesPerEpoch => _options.DropLast
        ? _dataset.Count / _options.BatchSize
        : (_dataset.Count + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>The dataset indices of each batch of <paramref name="epoch"/>, before sorting by length; with
    /// <see cref="DataLoaderOptions.Shard"/>, this rank's rows of each batch.</summary>
    public IReadOnlyList<int[]> PlanEpoch(int epoch)
    {
        var batches = PlanGlobalEpoch(epoch);
        return _options.Shard is { } shard ? batches.Select(shard.Slice).ToList() : batches;
    }

    /// <summary>The whole batches of <paramref name="epoch"/> (every rank's rows).</summary>
    public IReadOnlyList<int[]> PlanGlobalEpoch(int epoch)
    {
        // Images skipped as undecodable leave the order in a single process; in a sharded run each rank only sees its own
        // failures, so the order keeps them (every rank must plan the same epoch) and the rank's batch is one row short.
        var order = Enumerable.Range(0, _dataset.Count).Where(i => _options.Shard is not null || !_skipped.ContainsKey(i)).ToArray();
        if (_options.Shuffle)
        {
            var rng = DeterministicRandom.For(_options.Seed, epoch, -1);
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        var batches = new List<int[]>();
        for (int start = 0; start < order.Length; start += _options.BatchSize)
        {
            int n = Math.Min(_options.BatchSize, order.Length - start);
            if (n < _options.BatchSize && _options.DropLast) break;
            batches.Add(order.AsSpan(start, n).ToArray());
        }
        return batches;
    }

    /// <summary>
    /// The batches of one epoch from batch <paramref name="startBatch"/> on, produced in the background. Each batch must
    /// be disposed by the caller; batches not yet consumed when the enumeration stops are disposed here. Every sample's
    /// randomness depends only on (seed, epoch, row), so starting later gives exactly the batches a full pass gives there.
    /// </summary>
    public IEnumerable<Batch> GetEpoch(int epoch, CancellationToken cancellationToken = default, int startBatch = 0)
    {
        if (startBatch < 0) throw new ArgumentOutOfRangeException(nameof(startBatch), startBatch, "startBatch must not be negative.");
        var plan = PlanEpoch(epoch).Skip(startBatch).ToList();
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(_options.PrefetchBatches)
        {
            SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait,
        });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => Produce(plan, epoch, channel.Writer, cts.Token), CancellationToken.None);
        try
        {
            while (channel.Reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                while (channel.Reader.TryRead(out var batch)) yield return batch;
            }
            producer.GetAwaiter().GetResult(); // surfaces a producer exception that completed the channel
        }
        finally
        {
            cts.Cancel();
            try { producer.Wait(); } catch (AggregateException) { /* already surfaced or cancelled */ }
            while (channel.Reader.TryRead(out var left)) left.Dispose();
        }
    }

    /// <summary>Decodes and collates one batch synchronously (no background thread); for tests and tools.</summary>
    public Batch LoadBatch(IReadOnlyList<int> indices, int epoch)
    {
        var samples = LoadSamples(indices, epoch, CancellationToken.None);
        if (samples.Count == 0) throw new InvalidDataException("Every image of the batch was skipped.");
        var batch = Collate.Run(samples, _dataset, _options.Transform.Sizes, _options.WordsNum);
        if (_options.Device is { } device) batch.MoveTo(device);
        return batch;
    }

    private async Task Produce(IReadOnlyList<int[]> plan, int epoch, ChannelWriter<Batch> writer, CancellationToken ct)
    {
        Exception? error = null;
        // The next batch's images are decoded while this one is collated and handed over: collation runs on this one
        // thread, and with the load of a batch waiting for it the second worker sat idle (2 workers gave 1.25× one
        // worker's rate). Samples draw their randomness from (seed, epoch, index), so the overlap changes no value; it
        // holds one batch of decoded images more.
        Task<List<Sample>>? pending = null;
        try
        {
            pending = plan.Count > 0 ? LoadSamplesAsync(plan[0], epoch, ct) : null;
            for (int b = 0; b < plan.Count; b++)
            {
                ct.ThrowIfCancellationRequested();
                var samples = await pending!.ConfigureAwait(false);
                pending = b + 1 < plan.Count ? LoadSamplesAsync(plan[b + 1], epoch, ct) : null;
                if (samples.Count == 0) continue;
                var batch = Collate.Run(samples, _dataset, _options.Transform.Sizes, _options.WordsNum);
                try
                {
                    if (_options.Device is { } device) batch.MoveTo(device);
                    await writer.WriteAsync(batch, ct).ConfigureAwait(false);
                }
                catch
                {
                    batch.Dispose();
                    throw;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            error = e;
        }
        // A load still running (after an error or a cancellation) is waited for, so no worker outlives the epoch.
        if (pending is not null)
        {
            try { await pending.ConfigureAwait(false); } catch (Exception) { /* the first error is the one reported */ }
        }
        writer.TryComplete(error);
    }

    private Task<List<Sample>> LoadSamplesAsync(IReadOnlyList<int> indices, int epoch, CancellationToken ct) =>
        Task.Run(() => LoadSamples(indices, epoch, ct), CancellationToken.None);

    private List<Sample> LoadSamples(IReadOnlyList<int> indices, int epoch, CancellationToken ct)
    {
        var samples = new Sample?[indices.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Workers, CancellationToken = ct };
        try
        {
            Parallel.For(0, indices.Count, parallel, i => samples[i] = LoadSample(indices[i], epoch));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return samples.Where(s => s is not null).Select(s => s!).ToList();
    }

    private Sample? LoadSample(int index, int epoch)
    {
        var item = _dataset.Items[index];
        var captionRng = DeterministicRandom.For(_options.Seed, epoch, index, CaptionStream);
        int captionIndex = captionRng.Next(item.Captions.Count);
        var caption = CaptionSampler.Limit(item.Captions[captionIndex], _options.WordsNum, captionRng);
        float[][] images;
        try
        {
            images = _transform.Load(item.ImagePath, item.Box, DeterministicRandom.For(_options.Seed, epoch, index, ImageStream));
        }
        catch (Exception e) when (_options.BadImages == BadItemPolicy.SkipAndReport && e is IOException or InvalidDataException)
        {
            var issue = new DataIssue(DataIssueKind.UndecodableImage, item.ImagePath, $"skipped: {e.Message}", item.Key);
            if (_skipped.TryAdd(index, issue)) _logger.LogWarning("Skipping image {Path}: {Reason}", item.ImagePath, e.Message);
            return null;
        }
        return new Sample(index, images, caption, captionIndex);
    }
}
