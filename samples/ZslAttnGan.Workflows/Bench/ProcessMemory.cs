using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>
/// Resident memory of this process. On Linux the current and peak resident set sizes come from <c>/proc/self/status</c>
/// (<c>VmRSS</c>, <c>VmHWM</c>), the peak can be reset to the current size (writing 5 to <c>/proc/self/clear_refs</c>)
/// and freed heap pages can be handed back to the OS (glibc <c>malloc_trim</c>), so workloads run one after another in
/// one process each get their own peak. Elsewhere the .NET process counters are used and the peak cannot be reset.
/// </summary>
public static class ProcessMemory
{
    /// <summary>Current resident set size in bytes.</summary>
    public static long CurrentBytes => ReadStatus("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64;

    /// <summary>Peak resident set size in bytes since the process started or the last <see cref="ResetPeak"/>.</summary>
    public static long PeakBytes => ReadStatus("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>Resets the peak to the current resident size; false where that is not possible.</summary>
    public static bool ResetPeak()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Collects managed garbage (which frees tensors only the finaliser holds) and returns freed native heap pages
    /// to the OS, so the next measurement starts from what is really in use.</summary>
    public static void Trim()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ZslAttnGan.TorchSharpWorkarounds.NativeHeap.ReleaseFreeMemory();
    }

    /// <summary>The C heap's bytes in use and bytes it holds free (glibc's <c>mallinfo2</c>, summed over arenas and
    /// including mmapped blocks in the in-use figure); null elsewhere. In-use growth is a leak; free growth with a flat
    /// in-use figure is fragmentation.</summary>
    public static (long InUse, long Free)? NativeHeap()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var info = MallInfo2();
            return ((long)(info.Uordblks + info.Hblkhd), (long)info.Fordblks);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2Struct
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2Struct MallInfo2();

    private static long? ReadStatus(string key)
    {
        if (!OperatingSystem.IsLinux()) return null;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        return null;
    }
}
