using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Runs;

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

    /// <summary>Undoes BenchmarkDotNet's priority boost of the benchmark thread and process. libtorch's OpenMP workers
    /// keep the normal priority; with the calling thread above them, a worker preempted by another process stalls every
    /// parallel region at its barrier: batch-1 generation measured 112–157 ms (± 30–48) with the boost and 80–95 ms
    /// (± 10–27) without, in back-to-back runs.</summary>
    public static void NormalPriority()
    {
        Thread.CurrentThread.Priority = ThreadPriority.Normal;
        try
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            process.PriorityClass = System.Diagnostics.ProcessPriorityClass.Normal;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or PlatformNotSupportedException)
        {
            // Not permitted here: the boost stays (the numbers are then as BenchmarkDotNet measures them).
        }
    }
}
