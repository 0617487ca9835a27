using ZslAttnGan.Data;
using ZslAttnGan.Evaluation;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>ImageNet ResNet-18 features (512-d) through <see cref="ImageFeatureCache"/>. Does not own the extractor.</summary>
/// <param name="extractor">The network.</param>
/// <param name="cacheDirectory">Where features are cached (null: not cached).</param>
public sealed class ResNet18FeatureSource(ResNet18FeatureExtractor extractor, string? cacheDirectory) : IImageFeatureSource
{
    /// <inheritdoc />
    public string Description => $"ImageNet ResNet-18 ({ResNet18FeatureExtractor.Dimension}-d)";

    /// <inheritdoc />
    public Tensor Extract(IReadOnlyList<DatasetItem> items, CancellationToken cancellationToken = default) =>
        ImageFeatureCache.Extract(items, extractor, cacheDirectory, cancellationToken: cancellationToken);
}
