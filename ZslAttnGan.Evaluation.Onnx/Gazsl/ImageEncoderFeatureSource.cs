using ZslAttnGan.Checkpoints;
using ZslAttnGan.Data;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Models;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// The global image codes of a ZSL-AttnGAN checkpoint's image encoder (the DAMSM image encoder, trained with the
/// captions): GAZSL on the features its sibling model learnt, instead of ImageNet's. Images are read as evaluation reads
/// them, at the checkpoint generator's largest size. Owns the model it loads.
/// </summary>
public sealed class ImageEncoderFeatureSource : IImageFeatureSource, IDisposable
{
    private readonly ZslAttnGanModel _model;
    private readonly string _checkpoint;

    private ImageEncoderFeatureSource(ZslAttnGanModel model, string checkpoint)
    {
        _model = model;
        _checkpoint = checkpoint;
    }

    /// <summary>Loads the encoders of the checkpoint in <paramref name="checkpointDirectory"/> (an encoders, GAN or joint run).</summary>
    /// <exception cref="CheckpointException">The checkpoint is missing, damaged, or has no image encoder.</exception>
    public static ImageEncoderFeatureSource Load(string checkpointDirectory)
    {
        var checkpoint = Checkpoint.Open(checkpointDirectory);
        return new ImageEncoderFeatureSource(checkpoint.CreateModel(parts: ModelParts.Encoders), checkpoint.Directory);
    }

    /// <summary>Images per encoder call.</summary>
    public int BatchSize { get; init; } = 64;

    /// <inheritdoc />
    public string Description => $"the image encoder of the ZSL-AttnGAN checkpoint {_checkpoint}";

    /// <inheritdoc />
    public Tensor Extract(IReadOnlyList<DatasetItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        int size = _model.Options.ImageSizes[^1];
        var parts = new List<Tensor>();
        try
        {
            for (int start = 0; start < items.Count; start += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var images = EvaluationData.LoadImages(items.Skip(start).Take(BatchSize).ToList(), size, cancellationToken: cancellationToken);
                parts.Add(ModelSampling.EncodeImages(_model, images));
            }
            return parts.Count == 0 ? zeros(0, 1) : cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
