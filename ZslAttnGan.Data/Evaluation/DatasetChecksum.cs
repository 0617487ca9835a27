using System.Security.Cryptography;
using System.Text;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// SHA-256 checksums of image sets, used as cache keys (FID reference statistics, the attribute classifier): a cached
/// result is reused only for byte-identical inputs. Every file's bytes are hashed (in parallel), then the per-file
/// hashes are combined in the given order together with each entry's label, so renames, reorders, edits, added or
/// removed files all change the checksum.
/// </summary>
public static class DatasetChecksum
{
    /// <summary>The checksum (lower-case hex) of <paramref name="entries"/>: (label, file) pairs, e.g. (image key + box, path).</summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static string Compute(IReadOnlyList<(string Label, string Path)> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var hashes = new byte[entries.Count][];
        Parallel.For(0, entries.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            using var stream = File.OpenRead(entries[i].Path);
            hashes[i] = SHA256.HashData(stream);
        });
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < entries.Count; i++)
        {
            all.AppendData(Encoding.UTF8.GetBytes(entries[i].Label + "\n"));
            all.AppendData(hashes[i]);
        }
        return Convert.ToHexString(all.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>The checksum of a string (for combining a checksum with settings into a cache key).</summary>
    public static string Of(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
