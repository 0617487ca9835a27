namespace ZslAttnGan.Checkpoints;

/// <summary>
/// Writing a directory so that readers never see it half-written, shared by <see cref="Checkpoint"/> and
/// <c>GazslCheckpoint</c>: everything goes to a hidden sibling <c>.&lt;name&gt;.tmp-*</c>, which then replaces the
/// target. Directories cannot be swapped in one rename; a kill between the two renames leaves no directory under the
/// name but both complete copies as siblings (<c>.&lt;name&gt;.old-*</c> and <c>.&lt;name&gt;.tmp-*</c>), and
/// <see cref="Recover"/> puts the newest complete one back.
/// </summary>
internal static class AtomicDirectory
{
    private const string TempMarker = ".tmp-", OldMarker = ".old-";

    /// <summary>Writes <paramref name="directory"/> through <paramref name="fill"/>, which receives the temporary folder
    /// to write into; then swaps it in and deletes earlier saves' leftovers. On any exception the temporary folder is
    /// removed and the previous content stays. <paramref name="swapStep"/> hears each stage of the swap (tests).</summary>
    public static void Write(string directory, Action<string> fill, Action<string>? swapStep = null)
    {
        var target = Path.GetFullPath(directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var parent = Path.GetDirectoryName(target)!;
        var name = Path.GetFileName(target);
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{name}{TempMarker}{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            fill(temp);
            string? old = null;
            swapStep?.Invoke("written");
            if (Directory.Exists(target))
            {
                old = Path.Combine(parent, $".{name}{OldMarker}{Guid.NewGuid():N}");
                Directory.Move(target, old);
                swapStep?.Invoke("old moved aside");
            }
            Directory.Move(temp, target);
            swapStep?.Invoke("new moved in");
            if (old is not null) Directory.Delete(old, recursive: true);
            // After a successful save, earlier saves' leftovers (killed mid-write or mid-swap) are garbage.
            foreach (var path in Leftovers(parent, name).ToList())
            {
                try { Directory.Delete(path, recursive: true); }
                catch (IOException) { }          // another process's save in progress, or gone already
                catch (UnauthorizedAccessException) { }
            }
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>When <paramref name="directory"/> does not exist, puts the newest leftover copy that
    /// <paramref name="isComplete"/> accepts back under its name: a temporary copy (the newer write) before an old one,
    /// newer <paramref name="stampFile"/> first. Copies that are not complete (a save killed while writing) are left
    /// alone. Returns whether a copy is (now) there.</summary>
    public static bool Recover(string directory, Func<string, bool> isComplete, string stampFile)
    {
        var dir = Path.GetFullPath(directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var parent = Path.GetDirectoryName(dir);
        if (parent is null || !Directory.Exists(parent)) return false;
        var candidate = Leftovers(parent, Path.GetFileName(dir))
            .Where(isComplete)
            .OrderBy(path => Path.GetFileName(path).Contains(TempMarker, StringComparison.Ordinal) ? 0 : 1)
            .ThenByDescending(path => File.GetLastWriteTimeUtc(Path.Combine(path, stampFile)))
            .FirstOrDefault();
        if (candidate is null) return false;
        try
        {
            Directory.Move(candidate, dir);
        }
        catch (IOException) when (Directory.Exists(dir))
        {
            // Another process recovered (or saved) it first.
        }
        return true;
    }

    private static IEnumerable<string> Leftovers(string parent, string name) =>
        Directory.EnumerateDirectories(parent, $".{name}.*")
            .Where(path =>
            {
                var rest = Path.GetFileName(path)[(name.Length + 1)..];
                return rest.StartsWith(TempMarker, StringComparison.Ordinal) || rest.StartsWith(OldMarker, StringComparison.Ordinal);
            });
}
