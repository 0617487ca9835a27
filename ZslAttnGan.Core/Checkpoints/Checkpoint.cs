using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using TorchSharp.PyBridge;
using ZslAttnGan.Text;
using static TorchSharp.torch;
using ZslAttnGan.Models;

using ZslAttnGan.Training;

namespace ZslAttnGan.Checkpoints;

/// <summary>What a checkpoint holds beyond the model and vocabulary.</summary>
public sealed record CheckpointExtras
{
    /// <summary>Loss options of the run.</summary>
    public LossOptions? Loss { get; init; }

    /// <summary>Training options of the run.</summary>
    public TrainingOptions? Training { get; init; }

    /// <summary>Training position (null for a model-only checkpoint).</summary>
    public TrainingState? State { get; init; }

    /// <summary>Random-generator states by name.</summary>
    public IReadOnlyDictionary<string, byte[]> RandomStates { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>Latest metrics.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Extra tensor sets by name (e.g. <c>generator_ema</c>, optimiser states), written as <c>&lt;name&gt;.safetensors</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> TensorSets { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, Tensor>>();

    /// <summary>Class names in class-index order.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}

/// <summary>
/// Checkpoints are directories: <c>checkpoint.json</c> (format version, options, vocabulary hash, training state, RNG
/// states, metrics, and the size and SHA-256 of every other file), <c>vocabulary.json</c>, one <c>.safetensors</c> per
/// component and optimiser states. They are written to a temporary sibling and renamed into place, so a crash never
/// leaves a half-written checkpoint under the target name; <c>checkpoint.json</c> is written last. A kill between moving
/// the previous checkpoint aside and moving the new one in leaves both as hidden siblings; <see cref="Open"/> puts the
/// newest complete one back, so a loadable checkpoint exists at every instant. One process writes a given checkpoint
/// directory at a time. Safetensors and JSON execute no code when read.
/// </summary>
public static class Checkpoint
{
    /// <summary>File names inside a checkpoint.</summary>
    public const string ManifestFile = "checkpoint.json", VocabularyFile = "vocabulary.json";

    /// <summary>Tensor set of the generator's averaged (EMA) parameters, when the run kept them; inference prefers it.</summary>
    public const string GeneratorEmaName = "generator_ema";

    /// <summary>Writes a checkpoint of <paramref name="model"/> to <paramref name="directory"/>, replacing any previous one atomically.</summary>
    public static void Save(string directory, ZslAttnGanModel model, Vocabulary vocabulary, CheckpointExtras? extras = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count != model.VocabularySize)
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} words but the model was built for {model.VocabularySize}.", nameof(vocabulary));
        extras ??= new CheckpointExtras();
        AtomicDirectory.Write(directory, temp =>
        {
            var files = new Dictionary<string, CheckpointFile>();
            void Record(string name) => files[name] = CheckpointFile.Of(Path.Combine(temp, name));

            vocabulary.Save(Path.Combine(temp, VocabularyFile));
            Record(VocabularyFile);
            foreach (var (name, module) in model.Components())
            {
                WriteTensors(Path.Combine(temp, name + ".safetensors"), module.state_dict());
                Record(name + ".safetensors");
            }
            foreach (var (name, set) in extras.TensorSets)
            {
                WriteTensors(Path.Combine(temp, name + ".safetensors"), set);
                Record(name + ".safetensors");
            }
            var manifest = new CheckpointManifest
            {
                Model = model.Options,
                Components = model.ComponentRecords(),
                Loss = extras.Loss,
                Training = extras.Training,
                VocabularySize = vocabulary.Count,
                VocabularyHash = vocabulary.ContentHash,
                ClassCount = model.ClassCount,
                ClassNames = extras.ClassNames,
                State = extras.State,
                RandomStates = extras.RandomStates.ToDictionary(kv => kv.Key, kv => Convert.ToBase64String(kv.Value)),
                Metrics = extras.Metrics,
                Files = files,
            };
            File.WriteAllText(Path.Combine(temp, ManifestFile), JsonSerializer.Serialize(manifest, CheckpointManifest.JsonOptions));
        }, SwapStep);
    }

    /// <summary>Opens and verifies a checkpoint: manifest present and of a known format, every listed file present with
    /// its recorded size and hash, the vocabulary's hash as recorded. Does not build the model yet.</summary>
    /// <exception cref="CheckpointException">Anything is missing, altered or of another format.</exception>
    public static LoadedCheckpoint Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var dir = Path.GetFullPath(directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (!Directory.Exists(dir) && !RecoverSwap(dir)) throw new CheckpointException(dir, "the directory does not exist.");
        var manifestPath = Path.Combine(dir, ManifestFile);
        if (!File.Exists(manifestPath))
            throw new CheckpointException(dir, $"{ManifestFile} is missing: not a checkpoint, or one whose writing never finished.");
        CheckpointManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllText(manifestPath), CheckpointManifest.JsonOptions)
                       ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(dir, $"{ManifestFile} is not valid: {e.Message}", e);
        }
        if (manifest.FormatVersion is < CheckpointManifest.OldestReadableFormatVersion or > CheckpointManifest.CurrentFormatVersion)
            throw new CheckpointException(dir, $"format version {manifest.FormatVersion}; this library reads versions {CheckpointManifest.OldestReadableFormatVersion} to {CheckpointManifest.CurrentFormatVersion}.");
        foreach (var (name, expected) in manifest.Files) expected.Verify(dir, name, Path.Combine(dir, name));
        var vocabulary = Vocabulary.Load(Path.Combine(dir, VocabularyFile));
        if (vocabulary.ContentHash != manifest.VocabularyHash)
            throw new CheckpointException(dir, $"vocabulary hash {vocabulary.ContentHash} differs from the recorded {manifest.VocabularyHash}.");
        return new LoadedCheckpoint(dir, manifest, vocabulary);
    }


    /// <summary>Test seam: called with the name of each step of the final swap ("written", "old moved aside",
    /// "new moved in"), so tests can snapshot the disk as a process killed there would leave it.</summary>
    internal static Action<string>? SwapStep { get; set; }

    /// <summary>A save killed between its two renames leaves the previous and the new checkpoint as hidden siblings and
    /// nothing under the name: the newest copy that verifies goes back (see <see cref="AtomicDirectory"/>).</summary>
    private static bool RecoverSwap(string dir) => AtomicDirectory.Recover(dir, IsComplete, ManifestFile);

    private static bool IsComplete(string path)
    {
        try
        {
            Open(path);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false; // whatever is wrong with it, it is not a checkpoint to recover
        }
    }

    private static void WriteTensors(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        var cpu = tensors.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());
        Safetensors.SaveStateDict(path, cpu);
    }

}
