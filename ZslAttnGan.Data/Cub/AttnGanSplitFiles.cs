using ZslAttnGan.Data.Pickles;

namespace ZslAttnGan.Data.Cub;

/// <summary>The files of one AttnGAN split: <c>&lt;name&gt;/filenames.pickle</c>, optionally
/// <c>&lt;name&gt;/class_info.pickle</c> beside it and <c>captions.pickle</c> one level up.</summary>
/// <param name="Name">"train" or "test".</param>
/// <param name="FilenamesPath">The split's <c>filenames.pickle</c>.</param>
/// <param name="ClassInfoPath">Its <c>class_info.pickle</c>, or null when absent (labels then come from CUB's files).</param>
/// <param name="CaptionsPath">The shared <c>captions.pickle</c>, or null when absent (captions then come from text files).</param>
internal sealed record AttnGanSplitFiles(string Name, string FilenamesPath, string? ClassInfoPath, string? CaptionsPath)
{
    /// <summary>Finds the split under AttnGAN's data dir or the CUB folder.</summary>
    public static AttnGanSplitFiles Resolve(string name, CubLayout layout)
    {
        if (name is not ("train" or "test")) throw new ArgumentException($"AttnGAN split must be 'train' or 'test', not '{name}'.", nameof(name));
        var dir = new[] { layout.DataDir, layout.CubDir }.Select(d => Path.Combine(d, name)).FirstOrDefault(d => File.Exists(Path.Combine(d, "filenames.pickle")))
            ?? throw new FileNotFoundException($"AttnGAN split file '{Path.Combine(layout.DataDir, name, "filenames.pickle")}' is missing (expected data/birds/{name}/filenames.pickle beside CUB_200_2011/).",
                Path.Combine(layout.DataDir, name, "filenames.pickle"));
        var classInfo = Path.Combine(dir, "class_info.pickle");
        var captions = Path.Combine(Path.GetDirectoryName(dir)!, "captions.pickle");
        return new AttnGanSplitFiles(name, Path.Combine(dir, "filenames.pickle"),
            File.Exists(classInfo) ? classInfo : null, File.Exists(captions) ? captions : null);
    }

    /// <summary>The rows of <c>filenames.pickle</c> in its order, with the labels of <c>class_info.pickle</c> when it exists.</summary>
    public (List<CubRow> Selected, Dictionary<CubRow, int>? Labels) Select(IReadOnlyList<CubRow> rows)
    {
        var keys = AttnGanPickles.ReadFilenames(FilenamesPath);
        var byKey = rows.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var selected = new List<CubRow>(keys.Count);
        for (int i = 0; i < keys.Count; i++)
            selected.Add(byKey.TryGetValue(keys[i], out var r) ? r
                : throw new InvalidDataException($"'{FilenamesPath}': key {i} '{keys[i]}' is not in images.txt."));
        if (ClassInfoPath is null) return (selected, null);
        var labels = AttnGanPickles.ReadClassInfo(ClassInfoPath);
        if (labels.Count != keys.Count)
            throw new InvalidDataException($"'{ClassInfoPath}' has the wrong shape: expected {keys.Count} labels (one per key of filenames.pickle), found {labels.Count}.");
        var byRow = new Dictionary<CubRow, int>();
        for (int i = 0; i < keys.Count; i++) byRow[selected[i]] = labels[i];
        return (selected, byRow);
    }
}
