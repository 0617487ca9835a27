using System.Runtime.InteropServices;

namespace ZslAttnGan.Modules;

/// <summary>
/// Process-wide tuning of the C heap that libtorch allocates tensors from, for training and batch generation on Linux.
/// </summary>
/// <remarks>
/// <para>libtorch takes every CPU tensor from <c>malloc</c>. glibc serves blocks above its mmap threshold (at most
/// 32 MB) with a fresh <c>mmap</c> and unmaps them on free, so each large activation of every step — a GAN step at
/// 256 px makes hundreds of them — is page-faulted in and zeroed by the kernel again. That costs more than the
/// arithmetic of many layers (docs/performance.md: about 2× on a GAN step). <see cref="RetainFreedMemory"/> turns
/// <c>mmap</c> off for the main heap and stops it from being trimmed, so freed tensor memory is reused without faults.</para>
/// <para>The price: resident memory stays at its high-water mark instead of shrinking after a peak (the peak itself
/// barely changes). Call it once at start-up of an application that trains or generates in batches; it only affects
/// allocations made on the process's main thread (glibc's main arena). It is process-wide, so the library never calls
/// it on its own. Equivalent to starting the process with <c>MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=…</c>.</para>
/// </remarks>
public static class NativeHeap
{
    private const int MTrimThreshold = -1, MTopPad = -2, MMmapMax = -4;

    /// <summary>Keeps freed tensor memory in the heap for reuse (glibc on Linux only).</summary>
    /// <returns>True when the heap was tuned; false on other platforms or C libraries (nothing changed).</returns>
    public static bool RetainFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // Trim threshold 2 GiB: keep the top of the heap unless that much is free; top pad 64 MiB: grow in large steps.
            return Mallopt(MMmapMax, 0) == 1
                && Mallopt(MTrimThreshold, int.MaxValue) == 1
                && Mallopt(MTopPad, 64 << 20) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int param, int value);
}
