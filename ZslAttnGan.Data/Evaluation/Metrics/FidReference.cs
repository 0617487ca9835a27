using ZslAttnGan.Collectives;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>FID reference statistics of a split's real images, cached under a checksum of the image set, the weights and
/// the image size, so they are computed once per dataset and reused until any of those changes. Sharded: the ranks
/// split the real images, sum their statistics, and rank 0 alone reads and writes the cache file.</summary>
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
        // Only rank 0 reads and writes the cache; the others get its statistics through the group, so ranks on machines
        // without a shared file system agree too.
        var group = context.Group;
        FeatureStatistics? cached = null;
        if (group.IsPrimary() && File.Exists(path))
        {
            try
            {
                var loaded = FeatureStatistics.Load(path);
                if (loaded.Dimension == InceptionFeatureExtractor.Dimension && loaded.Count == items.Count) cached = loaded;
            }
            catch (InvalidDataException)
            {
                // A damaged cache file is recomputed and replaced.
            }
        }
        if (group.AnyRank(cached is not null))
            return group.Size == 1 ? cached! : (cached ?? new FeatureStatistics(InceptionFeatureExtractor.Dimension)).BroadcastFrom(group);
        var local = new FeatureStatistics(InceptionFeatureExtractor.Dimension);
        // Chunks of BatchSize images: the unit of work that ranks share, as for every sample.
        int chunk = o.BatchSize;
        foreach (int c in EvaluationShards.LocalChunks(items.Count, chunk, group))
        {
            int start = c * chunk;
            context.CancellationToken.ThrowIfCancellationRequested();
            context.Report($"Inception features of real {split.ToString().ToLowerInvariant()} images {start}/{items.Count}");
            var part = items.Skip(start).Take(chunk).ToList();
            using var images = EvaluationData.LoadImages(part, context.ImageSize, o.Workers, context.CancellationToken);
            extractor.Accumulate(local, images, cancellationToken: context.CancellationToken);
        }
        var stats = local.SumOverRanks(group);
        if (!group.IsPrimary()) return stats;
        stats.Save(path);
        return stats;
    }
}
