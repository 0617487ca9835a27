namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>FID reference statistics of a split's real images, cached under a checksum of the image set, the weights and
/// the image size, so they are computed once per dataset and reused until any of those changes.</summary>
internal static class FidReference
{
    public static FeatureStatistics Statistics(EvaluationContext context, InceptionFeatureExtractor extractor, EvaluationSplit split)
    {
        var o = context.Options;
        var items = context.Data.Items(split);
        if (o.FidReferenceImages is { } cap && cap < items.Count)
        {
            var random = new Random(context.SeedFor(900 + (int)split));
            items = items.OrderBy(_ => random.Next()).Take(cap).OrderBy(i => i.Key, StringComparer.Ordinal).ToList();
        }
        context.Report($"checksum of {items.Count} real {split.ToString().ToLowerInvariant()} images");
        var key = DatasetChecksum.Of($"{EvaluationData.Checksum(items, context.CancellationToken)}|{extractor.WeightsSha256}|{context.ImageSize}|centre-crop");
        var dir = o.FidCacheDirectory ?? Path.Combine(context.Data.Root, "fid_cache");
        var path = Path.Combine(dir, $"fid_reference_{key[..24]}.safetensors");
        if (File.Exists(path))
        {
            try
            {
                var cached = FeatureStatistics.Load(path);
                if (cached.Dimension == InceptionFeatureExtractor.Dimension && cached.Count == items.Count) return cached;
            }
            catch (InvalidDataException)
            {
                // A damaged cache file is recomputed and replaced.
            }
        }
        var stats = new FeatureStatistics(InceptionFeatureExtractor.Dimension);
        const int chunk = 64;
        for (int start = 0; start < items.Count; start += chunk)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.Report($"Inception features of real {split.ToString().ToLowerInvariant()} images {start}/{items.Count}");
            var part = items.Skip(start).Take(chunk).ToList();
            using var images = EvaluationData.LoadImages(part, context.ImageSize, o.Workers, context.CancellationToken);
            extractor.Accumulate(stats, images, cancellationToken: context.CancellationToken);
        }
        stats.Save(path);
        return stats;
    }
}
