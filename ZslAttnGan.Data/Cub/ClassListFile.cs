using System.Globalization;

namespace ZslAttnGan.Data.Cub;

/// <summary>Reads a class-list file (one class per line: a name from classes.txt such as "001.Black_footed_Albatross",
/// or its numeric id; blank lines and lines starting with '#' are ignored).</summary>
public static class ClassListFile
{
    /// <summary>Returns the listed class ids; an unknown class is an error naming the file and line.</summary>
    public static HashSet<int> Read(string path, IReadOnlyDictionary<int, string> classNames)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Class split file '{path}' does not exist (expected one class name or id per line).", path);
        var byName = classNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        var result = new HashSet<int>();
        int lineNo = 0;
        foreach (var raw in File.ReadAllLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (byName.TryGetValue(line, out var id) || (int.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out id) && classNames.ContainsKey(id)))
                result.Add(id);
            else
                throw new InvalidDataException($"{path}:{lineNo}: unknown class '{line}' (classes.txt has {classNames.Count} classes, e.g. '{classNames.Values.FirstOrDefault()}').");
        }
        if (result.Count == 0) throw new InvalidDataException($"Class split file '{path}' lists no class.");
        return result;
    }
}
