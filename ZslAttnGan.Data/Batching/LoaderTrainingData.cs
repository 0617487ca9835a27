using ZslAttnGan.Training;
using static TorchSharp.torch;

namespace ZslAttnGan.Data.Batching;

/// <summary>Feeds a <see cref="DataLoader"/> to the trainers: deterministic batches per epoch, resumable mid-epoch.</summary>
public sealed class LoaderTrainingData : ITrainingData
{
    private readonly DataLoader _loader;

    /// <summary>Wraps <paramref name="loader"/>.</summary>
    public LoaderTrainingData(DataLoader loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        if (loader.BatchesPerEpoch == 0)
            throw new ArgumentException($"The dataset has {loader.Dataset.Count} images: not one full batch of {loader.Options.BatchSize}.", nameof(loader));
        _loader = loader;
    }

    /// <summary>The wrapped loader.</summary>
    public DataLoader Loader => _loader;

    /// <inheritdoc />
    public int BatchesPerEpoch => _loader.BatchesPerEpoch;

    /// <inheritdoc />
    public int ClassCount => _loader.Dataset.Classes.Count;

    /// <inheritdoc />
    public IReadOnlyList<int> ImageSizes => _loader.Options.Transform.Sizes;

    /// <inheritdoc />
    public IEnumerable<ITrainingBatch> Batches(int epoch, int startBatch, Device device, CancellationToken cancellationToken)
    {
        foreach (var batch in _loader.GetEpoch(epoch, cancellationToken, startBatch))
        {
            batch.MoveTo(device);
            yield return batch;
        }
    }
}
