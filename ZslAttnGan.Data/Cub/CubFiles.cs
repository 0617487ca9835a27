using System.Globalization;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Data.Cub;

/// <summary>Parsers for CUB-200-2011's metadata files (<c>images.txt</c>, <c>classes.txt</c>,
/// <c>image_class_labels.txt</c>, <c>bounding_boxes.txt</c>, <c>train_test_split.txt</c>). Every error names the file
/// and line.</summary>
public static class CubFiles
{
    /// <summary>The layout the loader expects, for error messages.</summary>
    public const string ExpectedLayout =
        "expected CUB-200-2011 layout: <root>/{images.txt, classes.txt, image_class_labels.txt, bounding_boxes.txt, " +
        "train_test_split.txt, images/<class>/<image>.jpg} with Reed et al. captions in <root>/text/<class>/<image>.txt " +
        "(or <root>/../text/, AttnGAN's data/birds layout, where classes.txt and image_class_labels.txt may be absent when an " +
        "AttnGAN split's class_info.pickle gives the labels)";

    /// <summary>Reads "&lt;id&gt; &lt;value&gt;" lines into an ordered list (value = rest of the line).</summary>
    public static List<(int Id, string Value)> ReadIdValue(string path)
    {
        var rows = new List<(int, string)>();
        var seen = new HashSet<int>();
        int lineNo = 0;
        foreach (var raw in ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            int space = line.IndexOfAny(new[] { ' ', '\t' });
            if (space <= 0 || !int.TryParse(line.AsSpan(0, space), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                throw Bad(path, lineNo, $"expected '<id> <value>' but found '{Clip(line)}'");
            if (!seen.Add(id)) throw Bad(path, lineNo, $"id {id} appears twice");
            rows.Add((id, line[(space + 1)..].Trim()));
        }
        return rows;
    }

    /// <summary>Parses one <c>bounding_boxes.txt</c> line "&lt;id&gt; x y w h" (floats, truncated like the reference).</summary>
    public static (int Id, BoundingBox Box) ParseBoundingBox(string line, string path, int lineNo)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            throw Bad(path, lineNo, $"expected '<id> <x> <y> <width> <height>' but found '{Clip(line)}'");
        var v = new double[4];
        for (int i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]) || Math.Abs(v[i]) > 1e9)
                throw Bad(path, lineNo, $"'{parts[i + 1]}' is not a number");
        }
        if (v[2] < 0 || v[3] < 0) throw Bad(path, lineNo, $"negative box size {v[2]}x{v[3]}");
        return (id, BoundingBox.FromFloats(v[0], v[1], v[2], v[3]));
    }

    /// <summary>Reads <c>bounding_boxes.txt</c> by image id.</summary>
    public static Dictionary<int, BoundingBox> ReadBoundingBoxes(string path)
    {
        var boxes = new Dictionary<int, BoundingBox>();
        int lineNo = 0;
        foreach (var line in ReadLines(path))
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            var (id, box) = ParseBoundingBox(line, path, lineNo);
            if (!boxes.TryAdd(id, box)) throw Bad(path, lineNo, $"id {id} appears twice");
        }
        return boxes;
    }

    /// <summary>Reads an "&lt;id&gt; &lt;integer&gt;" file by id.</summary>
    public static Dictionary<int, int> ReadIdInt(string path)
    {
        var result = new Dictionary<int, int>();
        int lineNo = 0;
        foreach (var line in ReadLines(path))
        {
            lineNo++;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                throw Bad(path, lineNo, $"expected '<id> <integer>' but found '{Clip(line)}'");
            if (!result.TryAdd(id, value)) throw Bad(path, lineNo, $"id {id} appears twice");
        }
        return result;
    }

    /// <summary>All lines of a metadata file, or a <see cref="FileNotFoundException"/> naming it and the layout.</summary>
    public static string[] ReadLines(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CUB file '{path}' is missing; {ExpectedLayout}.", path);
        return File.ReadAllLines(path);
    }

    internal static InvalidDataException Bad(string path, int line, string message) => new($"{path}:{line}: {message}.");

    private static string Clip(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
