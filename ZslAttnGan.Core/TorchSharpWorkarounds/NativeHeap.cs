using System.Runtime.InteropServices;

namespace ZslAttnGan.TorchSharpWorkarounds;

/// <summary>How the C heap that libtorch allocates CPU tensors from is set up (see <see cref="NativeHeap"/>).</summary>
public enum NativeHeapPolicy
{
    /// <summary>glibc's defaults: nothing is changed.</summary>
    Default,

    /// <summary>Freed tensor memory stays in one heap and is reused without page faults: the fastest for models whose
    /// activations are small (the <c>Synthetic</c> preset), and a resident size that settles after a few hundred steps.
    /// Costs memory on large models (fragmentation: about +12 % peak on the bird GAN step).</summary>
    Retain,

    /// <summary>Large tensors (from 4 MiB) get their own mapping, backed by transparent huge pages, and go back to the
    /// OS when freed; smaller ones come from one heap. The lowest peak memory on large models (the bird config's
    /// 64–256 px activations) at most of <see cref="Retain"/>'s speed there; slower than <see cref="Retain"/> on small
    /// models, whose 4–8 MB activations are then mapped afresh every step.</summary>
    HugePages,
}

/// <summary>
/// Process-wide tuning of the C heap that libtorch allocates tensors from, for training and batch generation on Linux
/// with glibc. The library never calls it on its own: an application chooses once, at start-up, before the first tensor.
/// </summary>
/// <remarks>
/// <para>libtorch takes every CPU tensor from <c>malloc</c>. By default glibc serves blocks above a moving threshold
/// (at most 32 MB) with a fresh <c>mmap</c> and unmaps them on free, so each large activation of every step is
/// page-faulted in and zeroed by the kernel again, in 4 KiB pages; smaller blocks stay in per-thread heaps, which each
/// keep their own free memory. On a GAN step at 256 px that costs more than the arithmetic of many layers. The
/// policies (measured in docs/performance.md) trade speed and memory differently; both use a single heap for all
/// threads (glibc's <c>arena_max</c> 1), which keeps the resident size from creeping up as libtorch's worker threads
/// free memory into heaps of their own.</para>
/// <para><see cref="NativeHeapPolicy.HugePages"/> sets libtorch's <c>THP_MEM_ALLOC_ENABLE=1</c>, which libtorch reads
/// once, at its first allocation: applied later, that part has no effect (the method then returns false).</para>
/// </remarks>
public static class NativeHeap
{
    private const int MTrimThreshold = -1, MTopPad = -2, MMmapThreshold = -3, MMmapMax = -4, MArenaMax = -8;

    /// <summary>Blocks from this size are mapped on their own under <see cref="NativeHeapPolicy.HugePages"/>.</summary>
    public const int HugePagesMmapThreshold = 4 << 20;

    /// <summary>The policy applied in this process (<see cref="NativeHeapPolicy.Default"/> until one is).</summary>
    public static NativeHeapPolicy Policy { get; private set; }

    /// <summary>True when the process was started with glibc's transparent-huge-page tunable
    /// (<c>GLIBC_TUNABLES=glibc.malloc.hugetlb=1</c>).</summary>
    public static bool GlibcHugePages =>
        OperatingSystem.IsLinux() && (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "").Contains("glibc.malloc.hugetlb=1", StringComparison.Ordinal);

    /// <summary>How the heap is set up, for reports.</summary>
    public static string Description => Policy switch
    {
        NativeHeapPolicy.Retain => "retain (one arena, mmap off, no trim)",
        NativeHeapPolicy.HugePages => $"huge pages (one arena, blocks from {HugePagesMmapThreshold >> 20} MiB mapped on huge pages)",
        _ => GlibcHugePages ? "glibc default + glibc.malloc.hugetlb=1" : "glibc default",
    };

    /// <summary>Parses a policy name as used by <c>ZSLATTNGAN_NATIVE_HEAP</c>: <c>default</c>, <c>retain</c> or <c>hugepages</c>.</summary>
    /// <exception cref="ArgumentException">Another name; the message lists the valid ones.</exception>
    public static NativeHeapPolicy Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "default" => NativeHeapPolicy.Default,
        "retain" => NativeHeapPolicy.Retain,
        "hugepages" or "huge-pages" => NativeHeapPolicy.HugePages,
        _ => throw new ArgumentException($"Unknown native heap policy '{name}'; use default, retain or hugepages.", nameof(name)),
    };

    /// <summary>Applies <paramref name="policy"/> (glibc on Linux only; call before the first tensor).</summary>
    /// <returns>True when every part of the policy took effect; false on other platforms or C libraries, or when
    /// libtorch had already allocated (huge pages for tensors then stay off).</returns>
    /// <exception cref="InvalidOperationException">Another policy was applied before: the settings do not combine.</exception>
    public static bool Apply(NativeHeapPolicy policy)
    {
        if (Policy == policy || policy == NativeHeapPolicy.Default) return Policy == policy;
        if (Policy != NativeHeapPolicy.Default)
            throw new InvalidOperationException($"The native heap policy is {Policy} already; it is process-wide and can be chosen once.");
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            bool ok = Mallopt(MArenaMax, 1) == 1;
            if (policy == NativeHeapPolicy.Retain)
            {
                // Trim threshold 2 GiB: keep the top of the heap unless that much is free; top pad 64 MiB: grow in large steps.
                ok &= Mallopt(MMmapMax, 0) == 1 && Mallopt(MTrimThreshold, int.MaxValue) == 1;
            }
            else
            {
                // A fixed threshold also stops glibc from raising it after each freed mapping, which would move the
                // large blocks back into the heap step by step and fragment it.
                ok &= Mallopt(MMmapThreshold, HugePagesMmapThreshold) == 1;
                bool libtorchLoaded = File.ReadLines("/proc/self/maps").Any(l => l.Contains("libc10.so", StringComparison.Ordinal));
                ok &= !libtorchLoaded && SetEnv("THP_MEM_ALLOC_ENABLE", "1", 1) == 0;
            }
            Policy = policy;
            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Applies <see cref="NativeHeapPolicy.Retain"/>; kept for applications written against 0.1.</summary>
    /// <returns>True when the heap was tuned.</returns>
    public static bool RetainFreedMemory() => Apply(NativeHeapPolicy.Retain);

    /// <summary>Hands free heap pages back to the OS (glibc's <c>malloc_trim</c>); their next use faults them in again.</summary>
    /// <returns>True when memory was released.</returns>
    public static bool ReleaseFreeMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int param, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
