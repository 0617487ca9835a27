using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Components;

/// <summary>
/// What every component of a <see cref="Models.ZslAttnGanModel"/> is: a TorchSharp module (its parameters, state dict,
/// train/eval mode and device come from <see cref="Module"/>) that can re-initialise its weights from an explicit
/// random generator, so that a model depends on its seed only.
/// </summary>
/// <remarks>
/// Implement a role interface (<see cref="ITextEncoder"/>, <see cref="IImageGenerator"/>, …) on a class that derives
/// from <c>torch.nn.Module</c>; <see cref="Module"/> then returns the instance itself. Register a factory with
/// <see cref="ComponentRegistry"/> so that checkpoints naming the type can be reloaded.
/// </remarks>
public interface IModelComponent : IDisposable
{
    /// <summary>The component as a TorchSharp module (by default the instance itself).</summary>
    /// <exception cref="InvalidOperationException">The implementing class does not derive from <c>torch.nn.Module</c>.</exception>
    nn.Module Module => this as nn.Module
        ?? throw new InvalidOperationException($"{GetType().FullName} implements {nameof(IModelComponent)} but does not derive from torch.nn.Module; derive from it or implement Module.");

    /// <summary>Draws every parameter afresh from <paramref name="generator"/> (and from nothing else), so that two
    /// components built with the same options and reset from equal generators hold equal weights.</summary>
    void ResetParameters(Generator generator);
}
