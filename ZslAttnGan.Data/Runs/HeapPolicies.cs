using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Runs;

/// <summary>
/// Which <see cref="NativeHeapPolicy"/> an application should start with (docs/performance.md has the measurements):
/// <see cref="NativeHeapPolicy.Retain"/> for models whose largest image is at most 64 px (their activations are a few
/// MB, and reusing them in one heap is the fastest with a resident size that settles), otherwise
/// <see cref="NativeHeapPolicy.HugePages"/> (the lowest peak memory on the bird config, below the reference's).
/// </summary>
public static class HeapPolicies
{
    /// <summary>The environment variable that overrides the choice: <c>default</c>, <c>retain</c> or <c>hugepages</c>.</summary>
    public const string Variable = "ZSLATTNGAN_NATIVE_HEAP";

    /// <summary>The policy for a model: by its largest generated image.</summary>
    public static NativeHeapPolicy For(ModelOptions model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ImageSizes.Max() <= 64 ? NativeHeapPolicy.Retain : NativeHeapPolicy.HugePages;
    }

    /// <summary>Applies <see cref="Variable"/>'s policy when it is set, nothing when the process was started with glibc's
    /// huge-page tunable, and <paramref name="fallback"/> otherwise. Call before the first tensor.</summary>
    /// <returns>The policy now in force.</returns>
    /// <exception cref="ArgumentException"><see cref="Variable"/> names no policy.</exception>
    public static NativeHeapPolicy ApplyFromEnvironment(NativeHeapPolicy fallback)
    {
        var policy = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } name ? NativeHeap.Parse(name)
            : NativeHeap.GlibcHugePages ? NativeHeapPolicy.Default
            : fallback;
        NativeHeap.Apply(policy);
        return NativeHeap.Policy;
    }
}
