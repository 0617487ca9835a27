using System.Text.Json;
using ZslAttnGan.Training;
using ZslAttnGan.Models;
using ZslAttnGan.Checkpoints;

namespace ZslAttnGan.Components;

/// <summary>What a component factory is given: the model's options and sizes, the role and image size being built,
/// and the component's own options from its <see cref="ComponentSpec"/>.</summary>
public sealed class ComponentContext
{
    internal ComponentContext(ModelOptions model, int vocabularySize, int classCount, ComponentRole role, int? imageSize, ComponentSpec spec)
    {
        Model = model;
        VocabularySize = vocabularySize;
        ClassCount = classCount;
        Role = role;
        ImageSize = imageSize;
        Spec = spec;
    }

    /// <summary>The whole model's options (e.g. <see cref="ModelOptions.EmbeddingSize"/>, which every component must
    /// agree on, and <see cref="ModelOptions.ImageSizes"/>).</summary>
    public ModelOptions Model { get; }

    /// <summary>Words in the vocabulary, <c>&lt;end&gt;</c> included (for text encoders).</summary>
    public int VocabularySize { get; }

    /// <summary>Seen classes (for the ZSL critic's class head).</summary>
    public int ClassCount { get; }

    /// <summary>The role being built.</summary>
    public ComponentRole Role { get; }

    /// <summary>For a discriminator: the image size it reads; otherwise null.</summary>
    public int? ImageSize { get; }

    /// <summary>The spec being built.</summary>
    public ComponentSpec Spec { get; }

    /// <summary>The spec's options read as <typeparamref name="TOptions"/>, or <paramref name="fallback"/> (or a default
    /// instance) when it has none.</summary>
    /// <exception cref="ArgumentException">The options JSON does not fit <typeparamref name="TOptions"/>.</exception>
    public TOptions Options<TOptions>(TOptions? fallback = default) where TOptions : new()
    {
        if (Spec.Options is not { } json) return fallback ?? new TOptions();
        try
        {
            return json.Deserialize<TOptions>(Checkpoints.CheckpointManifest.JsonOptions) ?? fallback ?? new TOptions();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The options of component '{Spec.Type}' ({Role}) do not fit {typeof(TOptions).Name}: {e.Message}", nameof(TOptions), e);
        }
    }
}
