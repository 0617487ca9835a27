using System.Globalization;

namespace ZslAttnGan.Benchmarks;

/// <summary>
/// Hands the peak resident memory of a benchmark's child process to the host: BenchmarkDotNet runs each benchmark case
/// in its own process, whose global cleanup writes its <c>VmHWM</c> (peak RSS since the process started: model build,
/// warm-up and all iterations) to a file named after the case; the host's <see cref="WorkloadColumn"/> reads it.
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
