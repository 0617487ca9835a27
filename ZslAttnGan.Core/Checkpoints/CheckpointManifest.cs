using System.Text.Json;
using System.Text.Json.Serialization;
using ZslAttnGan.Models;

using ZslAttnGan.Training;

namespace ZslAttnGan.Checkpoints;

/// <summary>Size and SHA-256 of one file of a checkpoint, so truncated or altered files are detected on load.</summary>
public sealed record CheckpointFile(long Bytes, string Sha256)
{
    /// <summary>Size and SHA-256 of the file at <paramref name="path"/>.</summary>
    public static CheckpointFile Of(string path)
    {
        using var stream = File.OpenRead(path);
        var hash = System.Security.Cryptography.SHA256.HashData(stream);
        return new CheckpointFile(stream.Length, Convert.ToHexString(hash).ToLowerInvariant());
    }

    /// <summary>Throws when the file at <paramref name="path"/> (named <paramref name="name"/> in the message) is missing
    /// or differs from this record.</summary>
    /// <exception cref="CheckpointException">Missing, truncated or altered.</exception>
    internal void Verify(string directory, string name, string path)
    {
        if (!File.Exists(path)) throw new CheckpointException(directory, $"{name} is missing.");
        var actual = Of(path);
        if (actual.Bytes != Bytes)
            throw new CheckpointException(directory, $"{name} has {actual.Bytes} bytes but {Bytes} were written (truncated or altered).");
        if (!string.Equals(actual.Sha256, Sha256, StringComparison.OrdinalIgnoreCase))
            throw new CheckpointException(directory, $"{name} does not match the SHA-256 recorded when it was written (altered or corrupt).");
    }
}

/// <summary>Where a training run stands: enough to continue it exactly.</summary>
/// <param name="Phase">"encoders", "gan" or "joint".</param>
/// <param name="Step">Steps completed.</param>
/// <param name="Epoch">Current epoch.</param>
/// <param name="BatchInEpoch">Batches of <paramref name="Epoch"/> already consumed.</param>
/// <param name="SkippedBatches">Batches skipped for non-finite losses.</param>
public sealed record TrainingState(string Phase, long Step, int Epoch, int BatchInEpoch, long SkippedBatches);

/// <summary>The content of <c>checkpoint.json</c>, written last so that its presence marks a complete checkpoint.</summary>
public sealed record CheckpointManifest
{
    /// <summary>The format this library writes: 2 adds <see cref="Components"/>. Version 1 (no component records: every
    /// component built in) is still read.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>The oldest format this library reads.</summary>
    public const int OldestReadableFormatVersion = 1;

    /// <summary>Format version of the checkpoint.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Model shapes.</summary>
    public required ModelOptions Model { get; init; }

    /// <summary>Loss options of the run that wrote it.</summary>
    public LossOptions? Loss { get; init; }

    /// <summary>Training options of the run that wrote it.</summary>
    public TrainingOptions? Training { get; init; }

    /// <summary>Each component's type name and defining assembly by checkpoint name (empty in version 1 checkpoints,
    /// whose components are all built in). Which type to build comes from <see cref="ModelOptions.Components"/>; these
    /// records name the assembly to reference when a type is missing.</summary>
    public IReadOnlyDictionary<string, ComponentRecord> Components { get; init; } = new Dictionary<string, ComponentRecord>();

    /// <summary>Vocabulary size (text encoder rows).</summary>
    public required int VocabularySize { get; init; }

    /// <summary>Content hash of <c>vocabulary.json</c>.</summary>
    public required string VocabularyHash { get; init; }

    /// <summary>Classes of the ZSL discriminator.</summary>
    public required int ClassCount { get; init; }

    /// <summary>Names of those classes, in class-index order, when known.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Training position, or null for a model-only checkpoint (import, export).</summary>
    public TrainingState? State { get; init; }

    /// <summary>Random-generator states by name, base64.</summary>
    public IReadOnlyDictionary<string, string> RandomStates { get; init; } = new Dictionary<string, string>();

    /// <summary>Latest metrics (losses, evaluation results).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Every other file of the checkpoint with its size and hash.</summary>
    public IReadOnlyDictionary<string, CheckpointFile> Files { get; init; } = new Dictionary<string, CheckpointFile>();

    /// <summary>JSON settings used for checkpoints (indented, enums as strings).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
