using ZslAttnGan.Models;

namespace ZslAttnGan.Components;

/// <summary>The roles a <see cref="Models.ZslAttnGanModel"/> is assembled from; each maps to one interface.</summary>
public enum ComponentRole
{
    /// <summary><see cref="ITextEncoder"/>.</summary>
    TextEncoder,

    /// <summary><see cref="IImageEncoder"/>.</summary>
    ImageEncoder,

    /// <summary><see cref="IZslCritic"/> (ZSL-AttnGAN only).</summary>
    ZslCritic,

    /// <summary><see cref="IImageGenerator"/>.</summary>
    Generator,

    /// <summary><see cref="IImageDiscriminator"/>, one per generator output size.</summary>
    Discriminator,
}

/// <summary>Interfaces of the roles.</summary>
public static class ComponentRoles
{
    /// <summary>The interface a component of <paramref name="role"/> must implement.</summary>
    public static Type InterfaceOf(ComponentRole role) => role switch
    {
        ComponentRole.TextEncoder => typeof(ITextEncoder),
        ComponentRole.ImageEncoder => typeof(IImageEncoder),
        ComponentRole.ZslCritic => typeof(IZslCritic),
        ComponentRole.Generator => typeof(IImageGenerator),
        ComponentRole.Discriminator => typeof(IImageDiscriminator),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown component role."),
    };
}
