using TorchSharp;
using TorchSharp.PyBridge;
using ZslAttnGan.Modules;
using ZslAttnGan.Text;
using static TorchSharp.torch;

namespace ZslAttnGan.Training.Checkpoints;

/// <summary>A verified checkpoint on disk (see <see cref="Checkpoint.Open"/>).</summary>
public sealed class LoadedCheckpoint
{
    internal LoadedCheckpoint(string directory, CheckpointManifest manifest, Vocabulary vocabulary)
    {
        Directory = directory;
        Manifest = manifest;
        Vocabulary = vocabulary;
    }

    /// <summary>The checkpoint directory.</summary>
    public string Directory { get; }

    /// <summary>The manifest (options, state, metrics).</summary>
    public CheckpointManifest Manifest { get; }

    /// <summary>The vocabulary the text encoder was trained with.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Builds the model from the recorded options and loads every component's weights strictly.</summary>
    /// <param name="device">Target device (CPU when null).</param>
    /// <param name="parts">Build and load every component (default), or only those inference needs.</param>
    public ZslAttnGanModel CreateModel(Device? device = null, ModelParts parts = ModelParts.All)
    {
        var model = new ZslAttnGanModel(Manifest.Model, Manifest.VocabularySize, Manifest.ClassCount, parts: parts);
        try
        {
            LoadWeights(model);
            if (device is not null) model.To(device);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Loads the weights into an existing model, which must have been built with the same options.</summary>
    /// <exception cref="CheckpointException">Options, vocabulary size, class count or a tensor shape differ.</exception>
    public void LoadWeights(ZslAttnGanModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Options != Manifest.Model)
            throw new CheckpointException(Directory, $"the model options differ from the checkpoint's: {Describe(model.Options)} vs {Describe(Manifest.Model)}.");
        if (model.VocabularySize != Manifest.VocabularySize)
            throw new CheckpointException(Directory, $"the model has a vocabulary of {model.VocabularySize} words, the checkpoint {Manifest.VocabularySize}.");
        if (model.ClassCount != Manifest.ClassCount)
            throw new CheckpointException(Directory, $"the model has {model.ClassCount} classes, the checkpoint {Manifest.ClassCount}.");
        foreach (var (name, module) in model.Components())
        {
            using var scope = NewDisposeScope();
            try
            {
                StateDicts.LoadStrict(module, ReadTensors(name));
            }
            catch (ArgumentException e)
            {
                throw new CheckpointException(Directory, $"{name}.safetensors: {e.Message}", e);
            }
        }
    }

    /// <summary>True when the checkpoint holds <c>&lt;name&gt;.safetensors</c>.</summary>
    public bool HasTensors(string name) => Manifest.Files.ContainsKey(name + ".safetensors");

    /// <summary>Reads <c>&lt;name&gt;.safetensors</c> (CPU tensors).</summary>
    public Dictionary<string, Tensor> ReadTensors(string name)
    {
        if (!HasTensors(name)) throw new CheckpointException(Directory, $"{name}.safetensors is not part of this checkpoint.");
        return Safetensors.LoadStateDict(Path.Combine(Directory, name + ".safetensors"));
    }

    /// <summary>A recorded random-generator state, or null.</summary>
    public byte[]? RandomState(string name) =>
        Manifest.RandomStates.TryGetValue(name, out var b64) ? Convert.FromBase64String(b64) : null;

    private static string Describe(ModelOptions o) => System.Text.Json.JsonSerializer.Serialize(o, CheckpointManifest.JsonOptions).ReplaceLineEndings(" ");
}
