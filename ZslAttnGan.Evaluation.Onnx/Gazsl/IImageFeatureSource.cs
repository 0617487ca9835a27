using ZslAttnGan.Data;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>Where the visual features of a GAZSL task built from images come from (<see cref="CaptionedImageFeatures"/>):
/// <see cref="ResNet18FeatureSource"/> (ImageNet, frozen) or <see cref="ImageEncoderFeatureSource"/> (the image encoder of
/// a ZSL-AttnGAN checkpoint, e.g. the quick start's).</summary>
public interface IImageFeatureSource
{
    /// <summary>What the features are, for reports (e.g. "ImageNet ResNet-18 (512-d)").</summary>
    string Description { get; }

    /// <summary>Features [N, D] (float32, CPU) of <paramref name="items"/> in order; the caller disposes them.</summary>
    Tensor Extract(IReadOnlyList<DatasetItem> items, CancellationToken cancellationToken = default);
}
