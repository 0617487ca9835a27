using System.Text.Json;
using ZslAttnGan.Models;

namespace ZslAttnGan.Components;

/// <summary>
/// A component chosen by type name, with its own options as JSON: what <see cref="ComponentChoices"/> (and so a
/// checkpoint's <c>checkpoint.json</c>) records for a component that is not the built-in one. The type name is the one
/// the component was registered under in <see cref="ComponentRegistry"/> (by default its full .NET type name).
/// </summary>
/// <param name="Type">Registered type name.</param>
/// <param name="Options">The component's options (any JSON the factory reads), or null.</param>
public sealed record ComponentSpec(string Type, JsonElement? Options = null)
{
    /// <summary>A spec whose options are <paramref name="options"/> serialised to JSON.</summary>
    public static ComponentSpec Create<TOptions>(string type, TOptions options) =>
        new(type, JsonSerializer.SerializeToElement(options, Checkpoints.CheckpointManifest.JsonOptions));

    /// <summary>A spec naming <typeparamref name="TComponent"/>'s full type name, with options.</summary>
    public static ComponentSpec For<TComponent>(object? options = null) where TComponent : IModelComponent =>
        options is null ? new(ComponentRegistry.NameOf(typeof(TComponent))) : Create(ComponentRegistry.NameOf(typeof(TComponent)), options);

    /// <summary>Equal type names and equal options JSON (compared without formatting, so a spec read back from a
    /// checkpoint equals the one it was written from).</summary>
    public bool Equals(ComponentSpec? other) =>
        other is not null && Type == other.Type && Compact(Options) == Compact(other.Options);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Compact(Options));

    private static string? Compact(JsonElement? e) => e is { } v ? JsonSerializer.Serialize(v) : null;
}

/// <summary>
/// Which components of a model are not the built-in ones (null = built-in, shaped by the rest of
/// <see cref="Models.ModelOptions"/>). Recorded in checkpoints with the model options.
/// </summary>
public sealed record ComponentChoices
{
    /// <summary>A text encoder in place of <see cref="Text.TextEncoder"/>.</summary>
    public ComponentSpec? TextEncoder { get; init; }

    /// <summary>An image encoder in place of <see cref="Vision.ImageEncoder"/>.</summary>
    public ComponentSpec? ImageEncoder { get; init; }

    /// <summary>A ZSL critic in place of <see cref="Zsl.ZslDiscriminator"/>.</summary>
    public ComponentSpec? ZslCritic { get; init; }

    /// <summary>A generator in place of <see cref="Generation.AttnGenerator"/>.</summary>
    public ComponentSpec? Generator { get; init; }

    /// <summary>Image discriminators in place of <see cref="Discrimination.ImageDiscriminator"/> (one per output size).</summary>
    public ComponentSpec? Discriminator { get; init; }

    /// <summary>The spec of <paramref name="role"/>, or null for the built-in component.</summary>
    public ComponentSpec? For(ComponentRole role) => role switch
    {
        ComponentRole.TextEncoder => TextEncoder,
        ComponentRole.ImageEncoder => ImageEncoder,
        ComponentRole.ZslCritic => ZslCritic,
        ComponentRole.Generator => Generator,
        ComponentRole.Discriminator => Discriminator,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown component role."),
    };
}
