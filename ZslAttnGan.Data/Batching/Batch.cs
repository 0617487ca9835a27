using TorchSharp;
using ZslAttnGan.Training;
using static TorchSharp.torch;

namespace ZslAttnGan.Data.Batching;

/// <summary>
/// One mini-batch, sorted by caption length (longest first) with every field in the same order. Owns its tensors:
/// dispose it when done. The tensors belong to no dispose scope, so creating a scope around a training step does not
/// free them.
/// </summary>
public sealed class Batch : ITrainingBatch
{
    /// <summary>Creates a batch (takes ownership of the tensors).</summary>
    public Batch(IReadOnlyList<Tensor> images, Tensor captions, Tensor lengths, Tensor classIds, IReadOnlyList<string> keys,
        IReadOnlyList<int> captionIndices, IReadOnlyList<int> datasetIndices, Tensor? attributes = null)
    {
        Images = images;
        Captions = captions;
        Lengths = lengths;
        ClassIds = classIds;
        Keys = keys;
        CaptionIndices = captionIndices;
        DatasetIndices = datasetIndices;
        Attributes = attributes;
    }

    /// <summary>Images per scale, smallest first: float32 [B, 3, s, s] in [−1, 1].</summary>
    public IReadOnlyList<Tensor> Images { get; private set; }

    /// <summary>Word ids, int64 [B, WORDS_NUM], zero-padded after each caption's length.</summary>
    public Tensor Captions { get; private set; }

    /// <summary>Caption lengths, int64 [B], descending (ties in dataset order).</summary>
    public Tensor Lengths { get; private set; }

    /// <summary>Dense class indices, int64 [B]. A row whose image has no class (<see cref="DatasetItem.ClassIndex"/>
    /// null) holds a negative id unique in the batch (−1, −2, …), so same-class masking never pairs it with another row;
    /// losses that need a class for every row (the ZSL classifier) reject negative ids.</summary>
    public Tensor ClassIds { get; private set; }

    /// <summary>Ground-truth attribute value indices, int64 [B, A], when the dataset has them.</summary>
    public Tensor? Attributes { get; private set; }

    /// <summary>Image keys.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Which of the image's captions was drawn (index into <see cref="DatasetItem.Captions"/>).</summary>
    public IReadOnlyList<int> CaptionIndices { get; }

    /// <summary>Index of each row in the dataset.</summary>
    public IReadOnlyList<int> DatasetIndices { get; }

    /// <summary>Number of rows.</summary>
    public int Size => Keys.Count;

    /// <summary>The device the tensors are on.</summary>
    public Device Device => Captions.device;

    /// <summary>Moves every tensor to <paramref name="device"/> in place (pinned memory and non-blocking copies for CUDA).</summary>
    public void MoveTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.type == Captions.device.type && device.index == Captions.device.index) return;
        bool cuda = device.type == DeviceType.CUDA;
        Tensor Move(Tensor t)
        {
            Tensor source = t;
            if (cuda && t.device.type == DeviceType.CPU)
            {
                source = t.pin_memory();
            }
            var moved = source.to(device, non_blocking: cuda).DetachFromDisposeScope();
            if (!ReferenceEquals(source, t)) source.Dispose();
            t.Dispose();
            return moved;
        }
        Images = Images.Select(Move).ToList();
        Captions = Move(Captions);
        Lengths = Move(Lengths);
        ClassIds = Move(ClassIds);
        if (Attributes is not null) Attributes = Move(Attributes);
    }

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in Images) t.Dispose();
        Captions.Dispose();
        Lengths.Dispose();
        ClassIds.Dispose();
        Attributes?.Dispose();
    }
}
