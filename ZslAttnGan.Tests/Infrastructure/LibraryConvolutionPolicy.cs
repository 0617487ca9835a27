using System.Runtime.CompilerServices;
using ZslAttnGan.TorchSharpWorkarounds;

namespace ZslAttnGan.Tests.Infrastructure;

/// <summary>
/// Applies the library's convolution policy (<see cref="ConvolutionBackend"/>: oneDNN capped at AVX2 on Linux, after a
/// correctness check) before any test runs, so that every test computes under the same policy whatever the run's
/// order. The library applies it when its first convolution layer is built; a test that builds TorchSharp's own
/// <c>nn.Conv2d</c> first would otherwise run oneDNN uncapped until then.
/// </summary>
internal static class LibraryConvolutionPolicy
{
    [ModuleInitializer]
    internal static void Apply() => ConvolutionBackend.EnsureApplied();
}
