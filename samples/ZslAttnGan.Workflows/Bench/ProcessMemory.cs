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
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): nothing to trim.
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

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
