using System.Globalization;

namespace ZslAttnGan.Benchmarks;

/// <summary>
/// Hands the peak resident memory of a benchmark case to the summary: the case's global setup returns freed heap to
/// the OS and resets the process's peak (<c>VmHWM</c>, via <c>/proc/self/clear_refs</c>), its global cleanup writes the
/// peak since then (model build, warm-up and all iterations) to a file named after the case, and
/// <see cref="WorkloadColumn"/> reads it. A file rather than a static field, so it also works if the cases run in child
/// processes.
/// </summary>
public static class PeakRssStore
{
    private static string Directory => Path.Combine(Path.GetTempPath(), "zslattngan-bench-rss");

    /// <summary>Records <paramref name="bytes"/> for <paramref name="key"/>.</summary>
    public static void Write(string key, long bytes)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, key + ".txt"), bytes.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The recorded peak for <paramref name="key"/>, or null.</summary>
    public static long? Read(string key)
    {
        var path = Path.Combine(Directory, key + ".txt");
        return File.Exists(path) ? long.Parse(File.ReadAllText(path), CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Forgets all recorded peaks (the host calls it before a run).</summary>
    public static void Clear()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
