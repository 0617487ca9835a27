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
/// <para>The price: resident memory stays at its high-water mark instead of shrinking after a peak, and the peak
/// grows by what fragmentation leaves unused (about 20 % on the bird GAN step). Where memory matters more, start the
/// process with <c>GLIBC_TUNABLES=glibc.malloc.hugetlb=1</c> instead (transparent huge pages for the large
/// mappings: about half of the gain, no extra memory; see docs/performance.md). Call it once at start-up of an application that trains or generates in batches; it only affects
/// allocations made on the process's main thread (glibc's main arena). It is process-wide, so the library never calls
/// it on its own. Equivalent to starting the process with <c>MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=…</c>.</para>
/// </remarks>
public static class NativeHeap
{
    private const int MTrimThreshold = -1, MTopPad = -2, MMmapMax = -4;

    /// <summary>True once <see cref="RetainFreedMemory"/> has tuned the heap in this process.</summary>
    public static bool Retaining { get; private set; }

    /// <summary>True when the process was started with glibc's transparent-huge-page tunable
    /// (<c>GLIBC_TUNABLES=glibc.malloc.hugetlb=1</c>): large tensors then fault in 2 MB pages.</summary>
    public static bool HugePages =>
        OperatingSystem.IsLinux() && (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "").Contains("glibc.malloc.hugetlb=1", StringComparison.Ordinal);

    /// <summary>How the heap is set up, for reports: <c>retained</c>, <c>huge pages</c> or <c>default</c>.</summary>
    public static string Description => Retaining ? "retained (mmap off, no trim)" : HugePages ? "glibc default + transparent huge pages" : "glibc default";

    /// <summary>Keeps freed tensor memory in the heap for reuse (glibc on Linux only).</summary>
    /// <returns>True when the heap was tuned; false on other platforms or C libraries (nothing changed).</returns>
    public static bool RetainFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // Trim threshold 2 GiB: keep the top of the heap unless that much is free; top pad 64 MiB: grow in large steps.
            Retaining = Mallopt(MMmapMax, 0) == 1
                && Mallopt(MTrimThreshold, int.MaxValue) == 1
                && Mallopt(MTopPad, 64 << 20) == 1;
            return Retaining;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int param, int value);
}
