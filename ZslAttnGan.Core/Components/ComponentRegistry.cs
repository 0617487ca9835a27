using System.Collections.Concurrent;

namespace ZslAttnGan.Components;

/// <summary>
/// Type name ↔ factory of the components a model can be built from, so that a model (and a checkpoint) naming a
/// user's component in <see cref="ComponentChoices"/> is rebuilt by the same code that trained it. Register once per
/// process, before building or loading such a model (e.g. in a static constructor or at start-up); registrations are
/// process-wide and thread-safe. The built-in components need no registration.
/// </summary>
/// <example>
/// <code>
/// ComponentRegistry.Register(ComponentRole.TextEncoder, ctx => new GruTextEncoder(ctx.VocabularySize, ctx.Model.EmbeddingSize));
/// var options = Presets.Synthetic().Model with
/// {
///     Components = new ComponentChoices { TextEncoder = ComponentSpec.For&lt;GruTextEncoder&gt;() },
/// };
/// </code>
/// </example>
public static class ComponentRegistry
{
    private sealed record Registration(ComponentRole Role, Type Type, Func<ComponentContext, IModelComponent> Factory);

    private static readonly ConcurrentDictionary<string, Registration> Registrations = new(StringComparer.Ordinal);

    /// <summary>The default type name of <paramref name="type"/>: its full name.</summary>
    public static string NameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.FullName ?? type.Name;
    }

    /// <summary>Registers <typeparamref name="TComponent"/> under its full type name.</summary>
    /// <inheritdoc cref="Register{TComponent}(string, ComponentRole, Func{ComponentContext, TComponent})" path="/param"/>
    /// <inheritdoc cref="Register{TComponent}(string, ComponentRole, Func{ComponentContext, TComponent})" path="/exception"/>
    public static void Register<TComponent>(ComponentRole role, Func<ComponentContext, TComponent> factory) where TComponent : IModelComponent =>
        Register(NameOf(typeof(TComponent)), role, factory);

    /// <summary>Registers a factory under <paramref name="typeName"/>. Registering the same name again with the same
    /// component type replaces the factory; with another type it is an error (two libraries claiming one name).</summary>
    /// <param name="typeName">The name specs and checkpoints use.</param>
    /// <param name="role">The role the component plays; <typeparamref name="TComponent"/> must implement its interface.</param>
    /// <param name="factory">Builds a component (random weights: the model re-initialises it from its seed).</param>
    /// <exception cref="ArgumentException">The type does not implement the role's interface or does not derive from
    /// torch.nn.Module, or the name is taken by another type.</exception>
    public static void Register<TComponent>(string typeName, ComponentRole role, Func<ComponentContext, TComponent> factory) where TComponent : IModelComponent
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(factory);
        var type = typeof(TComponent);
        var contract = ComponentRoles.InterfaceOf(role);
        if (!contract.IsAssignableFrom(type))
            throw new ArgumentException($"{type.FullName} does not implement {contract.Name}, the interface of role {role}.", nameof(role));
        if (!type.IsInterface && !typeof(TorchSharp.torch.nn.Module).IsAssignableFrom(type))
            throw new ArgumentException($"{type.FullName} must derive from torch.nn.Module to be a model component.", nameof(TComponent));
        var registration = new Registration(role, type, ctx => factory(ctx));
        Registrations.AddOrUpdate(typeName, registration, (name, existing) => existing.Type == type
            ? registration
            : throw new ArgumentException($"The component name '{name}' is already registered for {existing.Type.AssemblyQualifiedName}.", nameof(typeName)));
    }

    /// <summary>True when <paramref name="typeName"/> is registered.</summary>
    public static bool IsRegistered(string typeName) => Registrations.ContainsKey(typeName);

    /// <summary>The .NET type registered under <paramref name="typeName"/>, or null.</summary>
    public static Type? TypeOf(string typeName) => Registrations.TryGetValue(typeName, out var r) ? r.Type : null;

    /// <summary>Builds the component <paramref name="context"/>'s spec names and checks it against its role.</summary>
    /// <exception cref="UnknownComponentException">The type name is not registered.</exception>
    /// <exception cref="ArgumentException">It is registered for another role, or the factory returned null or a
    /// component that is not a torch.nn.Module.</exception>
    internal static IModelComponent Create(ComponentContext context, string? savedFromAssembly = null)
    {
        var spec = context.Spec;
        if (!Registrations.TryGetValue(spec.Type, out var r))
            throw new UnknownComponentException(spec.Type, context.Role, savedFromAssembly);
        if (r.Role != context.Role)
            throw new ArgumentException($"Component '{spec.Type}' is registered as a {r.Role} but the model asks for a {context.Role}.");
        var component = r.Factory(context)
            ?? throw new ArgumentException($"The factory of component '{spec.Type}' returned null.");
        if (component is not TorchSharp.torch.nn.Module)
        {
            component.Dispose();
            throw new ArgumentException($"Component '{spec.Type}' built a {component.GetType().FullName}, which does not derive from torch.nn.Module.");
        }
        return component;
    }
}

/// <summary>A model or checkpoint names a component type that is not registered in this process.</summary>
public sealed class UnknownComponentException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public UnknownComponentException(string typeName, ComponentRole role, string? assembly)
        : base($"Component type '{typeName}' ({role}) is not registered" +
               (assembly is null ? "" : $"; it comes from assembly '{assembly}'") +
               ". Reference the assembly that defines it and call ComponentRegistry.Register before building or loading the model.")
    {
        TypeName = typeName;
        Role = role;
        Assembly = assembly;
    }

    /// <summary>The missing type name.</summary>
    public string TypeName { get; }

    /// <summary>The role it was to play.</summary>
    public ComponentRole Role { get; }

    /// <summary>The assembly it was saved from, when the checkpoint recorded it.</summary>
    public string? Assembly { get; }
}
