namespace ZslAttnGan.IO;

/// <summary>
/// Writing a file so that readers never see it half-written: the content goes to a hidden, uniquely named sibling
/// (<c>.&lt;name&gt;.&lt;guid&gt;.tmp</c>, same folder, so the rename stays on one file system), which then replaces the
/// target in one rename. A crash or an exception leaves the previous file (or none) under the name, never a truncated
/// one, and the temporary file is removed on failure. Concurrent writers of one path do not share a temporary file; the
/// last rename wins. Directories: see <c>Checkpoints.AtomicDirectory</c>.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, which receives the temporary path to
    /// create and fill completely; then renames it over the target (creating the folder first).</summary>
    /// <returns>The full path written.</returns>
    public static string Write(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            TryDelete(temporary);
        }
        return full;
    }

    /// <summary>Writes <paramref name="contents"/> (UTF-8) to <paramref name="path"/> atomically.</summary>
    /// <returns>The full path written.</returns>
    public static string WriteAllText(string path, string contents) =>
        Write(path, temporary => File.WriteAllText(temporary, contents));

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
