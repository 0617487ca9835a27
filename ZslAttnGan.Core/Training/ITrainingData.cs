using static TorchSharp.torch;

namespace ZslAttnGan.Training;

/// <summary>One training batch, sorted by caption length (longest first), every field in the same row order.</summary>
public interface ITrainingBatch : IDisposable
{
    /// <summary>Real images per scale, smallest first: float32 [B, 3, s, s] in [−1, 1].</summary>
    IReadOnlyList<Tensor> Images { get; }

    /// <summary>Token ids [B, L] (int64, zero-padded).</summary>
    Tensor Captions { get; }

    /// <summary>Caption lengths [B] (int64, 1..L).</summary>
    Tensor Lengths { get; }

    /// <summary>Dense class indices [B] (int64) of the classes the ZSL discriminator's class head predicts.</summary>
    Tensor ClassIds { get; }
}

/// <summary>
/// A deterministic source of training batches: for a given epoch the same batches in the same order, so that a
/// resumed run sees exactly the batches an uninterrupted run would have seen.
/// </summary>
public interface ITrainingData
{
    /// <summary>Batches per epoch.</summary>
    int BatchesPerEpoch { get; }

    /// <summary>Number of classes the class ids index (the ZSL discriminator's class count).</summary>
    int ClassCount { get; }

    /// <summary>Image sizes of <see cref="ITrainingBatch.Images"/>, smallest first.</summary>
    IReadOnlyList<int> ImageSizes { get; }

    /// <summary>The batches of <paramref name="epoch"/> from index <paramref name="startBatch"/> on, on <paramref name="device"/>.
    /// The caller disposes each batch.</summary>
    IEnumerable<ITrainingBatch> Batches(int epoch, int startBatch, Device device, CancellationToken cancellationToken);
}
