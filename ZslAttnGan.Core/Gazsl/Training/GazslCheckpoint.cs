using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp.PyBridge;
using ZslAttnGan.Checkpoints;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Training;

/// <summary>The JSON part of a GAZSL checkpoint (<see cref="GazslCheckpoint.ManifestFile"/>).</summary>
public sealed record GazslCheckpointManifest
{
    /// <summary>Format of this manifest.</summary>
    public int FormatVersion { get; init; } = GazslCheckpoint.CurrentFormatVersion;

    /// <summary>Options of the run.</summary>
    public GazslTrainingOptions Options { get; init; } = new();

    /// <summary>Size of a class condition.</summary>
    public int ConditionSize { get; init; }

    /// <summary>Size of a visual feature.</summary>
    public int FeatureSize { get; init; }

    /// <summary>Seen classes of the data (held-out ones included).</summary>
    public int SeenClasses { get; init; }

    /// <summary>Seen classes held out for validation (original indices).</summary>
    public int[] HeldOutClasses { get; init; } = [];

    /// <summary>Training rows (after removing the held-out classes).</summary>
    public long TrainingRows { get; init; }

    /// <summary>Iterations completed.</summary>
    public long Iteration { get; init; }

    /// <summary>Sub-steps skipped for a non-finite loss.</summary>
    public long SkippedSteps { get; init; }

    /// <summary>Sampler cursor and epoch (its permutation is in <c>sampler.safetensors</c>).</summary>
    public long SamplerCursor { get; init; }

    /// <summary>Permutations the sampler has drawn.</summary>
    public long SamplerEpoch { get; init; }

    /// <summary>State of the trainer's random generator, base64.</summary>
    public string RandomState { get; init; } = "";

    /// <summary>Every evaluation so far.</summary>
    public IReadOnlyList<GazslEvaluation> Evaluations { get; init; } = [];

    /// <summary>Index in <see cref="Evaluations"/> of the selected one, or null.</summary>
    public int? SelectedEvaluation { get; init; }

    /// <summary>Tensor files (without extension) in the directory.</summary>
    public IReadOnlyList<string> TensorFiles { get; init; } = [];

    /// <summary>Size and SHA-256 of each tensor file (by file name), checked when the checkpoint is read; empty in
    /// checkpoints written before it was recorded, which are then checked for presence only.</summary>
    public IReadOnlyDictionary<string, CheckpointFile> Files { get; init; } = new Dictionary<string, CheckpointFile>();
}

/// <summary>
/// GAZSL training checkpoints: a directory with <c>gazsl.json</c> (options, position, random state, evaluations) and
/// safetensors files (<c>generator</c>, <c>critic</c>, <c>optimizer_generator</c>, <c>optimizer_critic</c>,
/// <c>sampler</c>, and <c>selected_generator</c> once a model is selected). Written to a temporary sibling and renamed
/// into place, the manifest last, so a crash never leaves a half-written checkpoint under the name; a save killed
/// between moving the previous checkpoint aside and moving the new one in is repaired by the next read.
/// </summary>
public static class GazslCheckpoint
{
    /// <summary>Manifest file name.</summary>
    public const string ManifestFile = "gazsl.json";

    /// <summary>Format written by this version.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Tensor-file names.</summary>
    public const string GeneratorFile = "generator", CriticFile = "critic", GeneratorOptimizerFile = "optimizer_generator",
        CriticOptimizerFile = "optimizer_critic", SamplerFile = "sampler", SelectedGeneratorFile = "selected_generator";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    internal static void Save(string directory, GazslCheckpointManifest manifest, IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> tensors)
    {
        AtomicDirectory.Write(directory, temp =>
        {
            var files = new Dictionary<string, CheckpointFile>();
            foreach (var (name, set) in tensors)
            {
                using var scope = NewDisposeScope();
                var cpu = set.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());
                var path = Path.Combine(temp, name + ".safetensors");
                Safetensors.SaveStateDict(path, cpu);
                files[name + ".safetensors"] = CheckpointFile.Of(path);
            }
            var complete = manifest with { TensorFiles = tensors.Keys.ToList(), Files = files };
            File.WriteAllText(Path.Combine(temp, ManifestFile), JsonSerializer.Serialize(complete, Json));
        });
    }

    /// <summary>Reads the manifest of the checkpoint in <paramref name="directory"/>.</summary>
    /// <exception cref="CheckpointException">Missing, unreadable or of another format.</exception>
    public static GazslCheckpointManifest ReadManifest(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var dir = Path.GetFullPath(directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        // A save killed between its two renames: the newest copy with a manifest goes back under the name.
        if (!Directory.Exists(dir)) AtomicDirectory.Recover(dir, path => File.Exists(Path.Combine(path, ManifestFile)), ManifestFile);
        var path = Path.Combine(dir, ManifestFile);
        if (!File.Exists(path)) throw new CheckpointException(dir, $"{ManifestFile} is missing: not a GAZSL checkpoint, or one whose writing never finished.");
        GazslCheckpointManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<GazslCheckpointManifest>(File.ReadAllText(path), Json) ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(dir, $"{ManifestFile} is not valid: {e.Message}", e);
        }
        if (manifest.FormatVersion != CurrentFormatVersion)
            throw new CheckpointException(dir, $"format version {manifest.FormatVersion}; this library reads version {CurrentFormatVersion}.");
        foreach (var name in manifest.TensorFiles)
        {
            var file = name + ".safetensors";
            if (manifest.Files.TryGetValue(file, out var expected)) expected.Verify(dir, file, Path.Combine(dir, file));
            else if (!File.Exists(Path.Combine(dir, file))) throw new CheckpointException(dir, $"{file} is missing.");
        }
        return manifest;
    }

    /// <summary>Reads <c>&lt;name&gt;.safetensors</c> of a checkpoint (CPU tensors, owned by the caller).</summary>
    /// <exception cref="CheckpointException">The file is not part of the checkpoint.</exception>
    public static Dictionary<string, Tensor> ReadTensors(string directory, string name)
    {
        var path = Path.Combine(Path.GetFullPath(directory), name + ".safetensors");
        if (!File.Exists(path)) throw new CheckpointException(Path.GetFullPath(directory), $"{name}.safetensors is not part of this checkpoint.");
        return Safetensors.LoadStateDict(path);
    }

    /// <summary>Builds the checkpoint's generator (from its options and sizes) holding the selected weights when
    /// <paramref name="selected"/> and the checkpoint has them, else the latest weights. The caller owns it.</summary>
    /// <exception cref="CheckpointException">The checkpoint is unreadable or its weights do not fit.</exception>
    public static IGazslGenerator LoadGenerator(string directory, bool selected = true)
    {
        var manifest = ReadManifest(directory);
        var o = manifest.Options;
        IGazslGenerator generator = o.Generator == GazslGeneratorKind.Text
            ? GazslTextGenerator.Create(manifest.ConditionSize, manifest.FeatureSize, o.NetSizes)
            : new GazslAttributeGenerator(manifest.ConditionSize, manifest.FeatureSize, o.NetSizes);
        var file = selected && manifest.TensorFiles.Contains(SelectedGeneratorFile) ? SelectedGeneratorFile : GeneratorFile;
        try
        {
            var state = ReadTensors(directory, file);
            try { Nn.StateDicts.LoadStrict(generator.Module, state); }
            finally { foreach (var t in state.Values) t.Dispose(); }
            return generator;
        }
        catch (ArgumentException e)
        {
            generator.Dispose();
            throw new CheckpointException(Path.GetFullPath(directory), $"{file}.safetensors: {e.Message}", e);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }
}
