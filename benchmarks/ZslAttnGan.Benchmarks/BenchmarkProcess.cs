using ZslAttnGan.Modules;
using ZslAttnGan.Workflows.Training;

namespace ZslAttnGan.Benchmarks;

/// <summary>Process settings of a benchmark process, the same as the CLI's <c>bench</c>: the huge-page native heap policy
/// (<see cref="NativeHeapPolicy.HugePages"/>; the workloads are the bird config's) unless <c>ZSLATTNGAN_NATIVE_HEAP</c>
/// names another or the process runs with glibc's huge-page tunable.</summary>
public static class BenchmarkProcess
{
    /// <summary>Applies the settings (idempotent).</summary>
    public static void Configure()
    {
        HeapPolicies.ApplyFromEnvironment(NativeHeapPolicy.HugePages);
    }
}
