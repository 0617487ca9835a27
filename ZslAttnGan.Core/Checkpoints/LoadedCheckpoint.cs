using TorchSharp;
using TorchSharp.PyBridge;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Text;
using static TorchSharp.torch;
using ZslAttnGan.Models;

using ZslAttnGan.Training;

namespace ZslAttnGan.Checkpoints;

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
        var model = Build(Manifest.Model, 0, parts);
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

    /// <summary>True when <paramref name="options"/> asks for another generator or other image discriminators than the
    /// checkpoint's (the encoders' shapes are not compared).</summary>
    public bool GanPartsDiffer(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var m = Manifest.Model;
        return options.Generator != m.Generator || options.DiscriminatorWidth != m.DiscriminatorWidth
            || options.DiscriminatorSpectralNorm != m.DiscriminatorSpectralNorm || options.DiscriminatorBatchNorm != m.DiscriminatorBatchNorm
            || options.Components?.Generator != m.Components?.Generator || options.Components?.Discriminator != m.Components?.Discriminator;
    }

    /// <summary>
    /// Builds a model with the checkpoint's trained encoders (text encoder with its ZSL sentence generator, image
    /// encoder, ZSL discriminator) and a freshly initialised generator and image discriminators shaped by
    /// <paramref name="options"/>: for a GAN phase whose preset changes the image models of an encoders run.
    /// </summary>
    /// <param name="options">Gives <see cref="ModelOptions.Generator"/>, <see cref="ModelOptions.DiscriminatorWidth"/> and
    /// <see cref="ModelOptions.DiscriminatorSpectralNorm"/> and <see cref="ModelOptions.DiscriminatorBatchNorm"/>; every other option is the checkpoint's.</param>
    /// <param name="seed">Seed of the new components' initialisation.</param>
    /// <exception cref="CheckpointException">The checkpoint lacks an encoder, or the new generator does not fit its codes.</exception>
    public ZslAttnGanModel CreateModelWithNewGan(ModelOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        var merged = Manifest.Model with
        {
            Generator = options.Generator, DiscriminatorWidth = options.DiscriminatorWidth, DiscriminatorSpectralNorm = options.DiscriminatorSpectralNorm,
            DiscriminatorBatchNorm = options.DiscriminatorBatchNorm,
            Components = MergeGanChoices(Manifest.Model.Components, options.Components),
        };
        try
        {
            merged.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(Directory, $"the new generator does not fit the checkpoint's encoders: {e.Message}", e);
        }
        var model = Build(merged, seed, ModelParts.All);
        try
        {
            foreach (var (name, module) in model.Components())
            {
                if (name is not (ZslAttnGanModel.TextEncoderName or ZslAttnGanModel.ImageEncoderName or ZslAttnGanModel.ZslDiscriminatorName)) continue;
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
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // The encoders' choices stay the checkpoint's, the generator's and discriminators' come from the new options.
    private static Components.ComponentChoices? MergeGanChoices(Components.ComponentChoices? checkpoint, Components.ComponentChoices? next)
    {
        var merged = (checkpoint ?? new Components.ComponentChoices()) with { Generator = next?.Generator, Discriminator = next?.Discriminator };
        return merged == new Components.ComponentChoices() ? null : merged;
    }

    private ZslAttnGanModel Build(ModelOptions options, long seed, ModelParts parts)
    {
        try
        {
            return new ZslAttnGanModel(options, Manifest.VocabularySize, Manifest.ClassCount, seed, parts, Manifest.Components);
        }
        catch (Components.UnknownComponentException e)
        {
            throw new CheckpointException(Directory, e.Message, e);
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
