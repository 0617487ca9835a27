using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using ZslAttnGan.Checkpoints;

namespace ZslAttnGan.Workflows.Generation;

/// <summary>
/// The JSON sidecar written next to generated images: the caption, the words the model read and dropped, the seed, the
/// image files, and the checkpoint they came from — its folder, training step and the SHA-256 of its
/// <c>checkpoint.json</c> (which lists the hash of every weight file, so it identifies the weights exactly) — and the
/// library version.
/// </summary>
internal sealed class Provenance
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private Provenance(string checkpoint, string checkpointSha256, long? step, string library)
    {
        Checkpoint = checkpoint;
        CheckpointSha256 = checkpointSha256;
        Step = step;
        Library = library;
    }

    public string Checkpoint { get; }
    public string CheckpointSha256 { get; }
    public long? Step { get; }
    public string Library { get; }

    /// <summary>The provenance of a checkpoint the caller has already opened (and so verified) through the pipeline:
    /// its manifest is read once, and the hash and step come from the same bytes.</summary>
    public static Provenance Of(string checkpointDirectory)
    {
        var directory = Path.GetFullPath(checkpointDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var bytes = File.ReadAllBytes(Path.Combine(directory, ZslAttnGan.Checkpoints.Checkpoint.ManifestFile));
        var manifest = JsonSerializer.Deserialize<CheckpointManifest>(bytes, CheckpointManifest.JsonOptions);
        var version = typeof(LoadedCheckpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return new Provenance(directory, Convert.ToHexStringLower(SHA256.HashData(bytes)), manifest?.State?.Step, $"ZslAttnGan.Core {version}");
    }

    public void Write(string path, string caption, IReadOnlyList<string> usedWords, IReadOnlyList<string> droppedWords, long seed, int count, IReadOnlyList<string> images)
    {
        var record = new
        {
            Caption = caption, UsedWords = usedWords, DroppedWords = droppedWords, Seed = seed, Count = count, Images = images,
            Checkpoint, CheckpointSha256, Step, Library,
        };
        ZslAttnGan.IO.AtomicFile.WriteAllText(path, JsonSerializer.Serialize(record, Json));
    }
}
