using ZslAttnGan.Training;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>Yields one batch over and over without disposing it (the trainer disposes what it is given, so it gets a
/// non-owning view). For timing steps without data generation in the measurement.</summary>
public sealed class FixedTrainingData : ITrainingData, IDisposable
{
    private readonly ITrainingBatch _batch;

    /// <summary>Wraps <paramref name="batch"/>, which this object owns and disposes.</summary>
    public FixedTrainingData(ITrainingBatch batch, int classCount, IReadOnlyList<int> imageSizes)
    {
        _batch = batch;
        ClassCount = classCount;
        ImageSizes = imageSizes;
    }

    /// <inheritdoc />
    public int BatchesPerEpoch => 1_000_000;

    /// <inheritdoc />
    public int ClassCount { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> ImageSizes { get; }

    /// <inheritdoc />
    public IEnumerable<ITrainingBatch> Batches(int epoch, int startBatch, Device device, CancellationToken cancellationToken)
    {
        for (int b = startBatch; b < BatchesPerEpoch; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new View(_batch);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _batch.Dispose();

    private sealed class View(ITrainingBatch inner) : ITrainingBatch
    {
        public IReadOnlyList<Tensor> Images => inner.Images;
        public Tensor Captions => inner.Captions;
        public Tensor Lengths => inner.Lengths;
        public Tensor ClassIds => inner.ClassIds;
        public void Dispose() { }
    }
}
