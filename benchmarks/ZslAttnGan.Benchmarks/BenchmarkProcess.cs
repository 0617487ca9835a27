using ZslAttnGan.Modules;

namespace ZslAttnGan.Benchmarks;

/// <summary>Process settings of a benchmark's child process, the same as the CLI's: the tuned native heap
/// (<see cref="NativeHeap.RetainFreedMemory"/>) unless <c>ZSLATTNGAN_NATIVE_HEAP=default</c> or the process runs with
/// glibc's huge-page tunable.</summary>
public static class BenchmarkProcess
{
    /// <summary>Applies the settings (idempotent).</summary>
    public static void Configure()
    {
        if (Environment.GetEnvironmentVariable("ZSLATTNGAN_NATIVE_HEAP") != "default" && !NativeHeap.HugePages) NativeHeap.RetainFreedMemory();
    }
}
