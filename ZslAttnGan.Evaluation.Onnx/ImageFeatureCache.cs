using System.Security.Cryptography;
using TorchSharp.PyBridge;
using ZslAttnGan.Data;
using static TorchSharp.torch;
using ZslAttnGan.IO;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// ImageNet ResNet-18 features of any set of images — the visual side of ZSL-GAN (GAZSL) for users without
/// pre-extracted feature files — computed once and kept on disk. A cached file is reused only for the same image bytes,
/// keys, boxes, order and network file, so an edited image or another model recomputes.
/// </summary>
public static class ImageFeatureCache
{
    /// <summary>Version of the cache file's content; a change of how features are computed bumps it.</summary>
    public const int FormatVersion = 1;

    private const string TensorName = "features";

    /// <summary>Features [N, 512] (float32, CPU) of <paramref name="items"/> in order: each image cropped to its box,
    /// resized and centre-cropped to 224 pixels as evaluation reads images, then through ResNet-18.</summary>
    /// <param name="items">The images.</param>
    /// <param name="extractor">The network.</param>
    /// <param name="cacheDirectory">Folder of cached feature files (created), or null to always compute.</param>
    /// <param name="batchSize">Images decoded at a time (bounds memory: 0.6 MB per image at 224 pixels).</param>
    /// <param name="cancellationToken">Checked between images.</param>
    /// <exception cref="FileNotFoundException">An image file is missing.</exception>
    public static Tensor Extract(IReadOnlyList<DatasetItem> items, ResNet18FeatureExtractor extractor, string? cacheDirectory,
                                 int batchSize = 64, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (items.Count == 0) return zeros(0, ResNet18FeatureExtractor.Dimension);
        string? path = cacheDirectory is null ? null : Path.Combine(cacheDirectory, $"resnet18-features-{Key(items, extractor, cancellationToken)}.safetensors");
        if (path is not null && TryRead(path, items.Count) is { } cached) return cached;

        var features = new List<Tensor>();
        try
        {
            for (int start = 0; start < items.Count; start += batchSize)
            {
                var chunk = items.Skip(start).Take(batchSize).ToList();
                using var images = EvaluationData.LoadImages(chunk, ResNet18FeatureExtractor.InputSize, cancellationToken: cancellationToken);
                features.Add(extractor.Extract(images, cancellationToken));
            }
            var all = cat(features, 0);
            if (path is not null) Write(path, all);
            return all;
        }
        finally
        {
            foreach (var f in features) f.Dispose();
        }
    }

    /// <summary>The cache key: the images' checksum (bytes, keys, boxes, order), the network file's hash and the format.</summary>
    private static string Key(IReadOnlyList<DatasetItem> items, ResNet18FeatureExtractor extractor, CancellationToken cancellationToken)
    {
        using var network = File.OpenRead(extractor.Files.NetworkPath);
        var networkHash = Convert.ToHexString(SHA256.HashData(network));
        return DatasetChecksum.Of($"{FormatVersion}|{ResNet18FeatureExtractor.InputSize}|{networkHash}|{EvaluationData.Checksum(items, cancellationToken)}")[..32];
    }

    /// <summary>The cached features, or null when the file is missing or not what is expected (then it is recomputed
    /// and overwritten, never trusted).</summary>
    private static Tensor? TryRead(string path, int count)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var loaded = Safetensors.LoadStateDict(path);
            if (loaded.TryGetValue(TensorName, out var t) && t.shape.SequenceEqual(new long[] { count, ResNet18FeatureExtractor.Dimension })
                && t.dtype == ScalarType.Float32 && t.isfinite().all().item<bool>())
            {
                foreach (var other in loaded.Where(p => p.Key != TensorName)) other.Value.Dispose();
                return t;
            }
            foreach (var value in loaded.Values) value.Dispose();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException or System.Text.Json.JsonException)
        {
            // A damaged cache file is recomputed.
        }
        return null;
    }

    /// <summary>Writes atomically: a temporary file in the same folder renamed over the target.</summary>
    private static void Write(string path, Tensor features)
    {
        AtomicFile.Write(path, temporary => Safetensors.SaveStateDict(temporary, new Dictionary<string, Tensor> { [TensorName] = features }));
    }
}
