using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZslAttnGan.Data.Captions;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Data.Pickles;
using ZslAttnGan.Text;

namespace ZslAttnGan.Data.Cub;

/// <summary>Loads CUB-200-2011 (official layout + Reed captions, optionally AttnGAN's pickles) into an
/// <see cref="ImageCaptionDataset"/>.</summary>
public static class CubDataset
{
    private sealed record Row(int Id, string RelativePath, string Key, int ClassId);

    /// <summary>Loads the split described by <paramref name="options"/>.</summary>
    /// <exception cref="FileNotFoundException">A required file is missing (the message names it and the expected layout).</exception>
    /// <exception cref="InvalidDataException">A file is malformed (the message names the file and line).</exception>
    public static ImageCaptionDataset Load(CubOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CaptionsPerImage);
        logger ??= NullLogger.Instance;
        var layout = CubLayout.Resolve(options.Root);
        var issues = new List<DataIssue>();

        var imagesTxt = Path.Combine(layout.CubDir, "images.txt");
        var labelsTxt = Path.Combine(layout.CubDir, "image_class_labels.txt");
        var classesTxt = Path.Combine(layout.CubDir, "classes.txt");
        var images = CubFiles.ReadIdValue(imagesTxt);
        var labels = CubFiles.ReadIdInt(labelsTxt);
        var classNames = CubFiles.ReadIdValue(classesTxt).ToDictionary(r => r.Id, r => r.Value);
        var boxes = CubFiles.ReadBoundingBoxes(Path.Combine(layout.CubDir, "bounding_boxes.txt"));

        var rows = new List<Row>(images.Count);
        foreach (var (id, rel) in images)
        {
            if (!labels.TryGetValue(id, out var cls)) throw new InvalidDataException($"{labelsTxt}: image id {id} (from images.txt) has no class label.");
            if (!classNames.ContainsKey(cls)) throw new InvalidDataException($"{labelsTxt}: image id {id} has class {cls}, which {classesTxt} does not list.");
            if (!boxes.ContainsKey(id)) throw new InvalidDataException($"{Path.Combine(layout.CubDir, "bounding_boxes.txt")}: image id {id} (from images.txt) has no bounding box.");
            rows.Add(new Row(id, rel, KeyOf(rel), cls));
        }

        var (selected, classOverride, pickled) = Select(options, layout, rows, classNames);

        // Captions: captions.pickle for an AttnGAN split when no vocabulary is imposed, else the caption files.
        Vocabulary vocabulary;
        var captions = new Dictionary<Row, List<long[]>>();
        var skipped = new HashSet<Row>();
        if (pickled is not null && options.Vocabulary is null)
        {
            vocabulary = pickled.Value.Captions.Vocabulary;
            var list = pickled.Value.Train ? pickled.Value.Captions.Train : pickled.Value.Captions.Test;
            int cpi = options.CaptionsPerImage;
            if (list.Count != selected.Count * cpi)
                throw new InvalidDataException($"'{pickled.Value.Path}' has {list.Count} {(pickled.Value.Train ? "train" : "test")} captions for {selected.Count} images; expected exactly {cpi} per image ({selected.Count * cpi}).");
            for (int k = 0; k < selected.Count; k++)
            {
                var own = new List<long[]>();
                for (int j = 0; j < cpi; j++)
                {
                    var c = list[k * cpi + j];
                    if (c.Length == 0) issues.Add(new DataIssue(pickled.Value.Path, null, $"caption {j + 1} of '{selected[k].Key}' is empty; left out"));
                    else own.Add(c);
                }
                captions[selected[k]] = own;
            }
        }
        else
        {
            if (layout.TextDir is null)
                throw new DirectoryNotFoundException($"No caption folder (text/ or text_c10/) in '{layout.CubDir}' or '{layout.DataDir}'; {CubFiles.ExpectedLayout}.");
            var selectedSet = selected.ToHashSet();
            var tokens = new Dictionary<Row, IReadOnlyList<IReadOnlyList<string>>>();
            // Only the selected files when a vocabulary is given; all files otherwise, so every split gets the same ids.
            var toRead = options.Vocabulary is null ? rows : selected;
            var read = new IReadOnlyList<IReadOnlyList<string>>?[toRead.Count];
            Parallel.For(0, toRead.Count, i => read[i] = CaptionEncoder.ReadTokens(CaptionPath(layout, toRead[i]), options.CaptionsPerImage));
            for (int i = 0; i < toRead.Count; i++) if (read[i] is not null) tokens[toRead[i]] = read[i]!;
            vocabulary = options.Vocabulary ?? Vocabulary.Build(rows.Where(tokens.ContainsKey).SelectMany(r => tokens[r]), options.MinWordCount);
            var unknown = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in selected)
            {
                var path = CaptionPath(layout, row);
                if (!tokens.TryGetValue(row, out var t))
                {
                    Bad(options, issues, skipped, row, path, $"Caption file '{path}' for image '{row.Key}' is missing; {CubFiles.ExpectedLayout}.", missing: true);
                    continue;
                }
                captions[row] = CaptionEncoder.Encode(t, vocabulary, options.CaptionsPerImage, path, issues, unknown);
            }
            if (unknown.Count > 0)
                issues.Add(new DataIssue(layout.TextDir, null, $"{unknown.Count} caption words are not in the given vocabulary and were dropped (e.g. {string.Join(", ", unknown.Take(5))})"));
        }

        foreach (var row in selected)
            if (!skipped.Contains(row) && captions.TryGetValue(row, out var c) && c.Count == 0)
                Bad(options, issues, skipped, row, CaptionPath(layout, row), $"Image '{row.Key}' has no usable caption ({CaptionPath(layout, row)}).", missing: false);

        var attributes = ReadAttributes(options, layout);
        var kept = selected.Where(r => !skipped.Contains(r)).ToList();
        int ClassOf(Row r) => classOverride is not null ? classOverride[r] : r.ClassId;
        var classIds = kept.Select(ClassOf).Distinct().Order().ToList();
        var classIndex = classIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var classes = classIds.Select((id, i) => new DatasetClass(i, id, classNames.TryGetValue(id, out var n) ? n : id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var items = kept.Select(r => new DatasetItem(r.Key, Path.Combine(layout.CubDir, "images", r.RelativePath), classIndex[ClassOf(r)],
            boxes[r.Id], captions[r], attributes?.GetValueOrDefault(r.Key))).ToList();
        if (attributes is not null)
        {
            var missing = items.FirstOrDefault(i => i.Attributes is null);
            if (missing is not null) throw new InvalidDataException($"Attribute file has no entry for image '{missing.Key}'.");
        }

        foreach (var issue in issues.Take(50)) logger.LogWarning("CUB: {Issue}", issue);
        if (issues.Count > 50) logger.LogWarning("CUB: {Count} more issues (see ImageCaptionDataset.Issues)", issues.Count - 50);
        var attributeNames = attributes is null ? null : AttributeAnnotations.Load(AttributesPath(options, layout)!).Attributes.Select(a => a.Name).ToList();
        return new ImageCaptionDataset(items, vocabulary, classes, issues, attributeNames, $"CUB {options.Split} ({items.Count} images)");
    }

    private static (List<Row> Selected, Dictionary<Row, int>? ClassOverride, (AttnGanCaptions Captions, bool Train, string Path)? Pickled)
        Select(CubOptions options, CubLayout layout, List<Row> rows, Dictionary<int, string> classNames)
    {
        switch (options.Split)
        {
            case CubSplit.AllImages:
                return (rows, null, null);
            case CubSplit.OfficialSplit official:
            {
                var path = Path.Combine(layout.CubDir, "train_test_split.txt");
                var flags = CubFiles.ReadIdInt(path);
                foreach (var r in rows)
                    if (!flags.TryGetValue(r.Id, out var f) || (f != 0 && f != 1))
                        throw new InvalidDataException($"{path}: image id {r.Id} needs a 0/1 train flag.");
                return (rows.Where(r => flags[r.Id] == (official.Train ? 1 : 0)).ToList(), null, null);
            }
            case CubSplit.ClassListSplit list:
            {
                var listed = ClassListFile.Read(list.ClassFile, classNames);
                return (rows.Where(r => listed.Contains(r.ClassId) == list.Listed).ToList(), null, null);
            }
            case CubSplit.AttnGanSplit attn:
                return SelectAttnGan(attn.Name, layout, rows);
            default:
                throw new ArgumentException($"Unknown split {options.Split}.", nameof(options));
        }
    }

    private static (List<Row>, Dictionary<Row, int>?, (AttnGanCaptions, bool, string)?) SelectAttnGan(string name, CubLayout layout, List<Row> rows)
    {
        if (name is not ("train" or "test")) throw new ArgumentException($"AttnGAN split must be 'train' or 'test', not '{name}'.", nameof(name));
        var dir = new[] { layout.DataDir, layout.CubDir }.Select(d => Path.Combine(d, name)).FirstOrDefault(d => File.Exists(Path.Combine(d, "filenames.pickle")))
            ?? throw new FileNotFoundException($"AttnGAN split file '{Path.Combine(layout.DataDir, name, "filenames.pickle")}' is missing (expected data/birds/{name}/filenames.pickle beside CUB_200_2011/).");
        var filenamesPath = Path.Combine(dir, "filenames.pickle");
        var keys = AttnGanPickles.ReadFilenames(filenamesPath);
        var byKey = rows.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var selected = new List<Row>(keys.Count);
        for (int i = 0; i < keys.Count; i++)
            selected.Add(byKey.TryGetValue(keys[i], out var r) ? r
                : throw new InvalidDataException($"'{filenamesPath}': key {i} '{keys[i]}' is not in images.txt."));
        Dictionary<Row, int>? classes = null;
        var classPath = Path.Combine(dir, "class_info.pickle");
        if (File.Exists(classPath))
        {
            var labels = AttnGanPickles.ReadClassInfo(classPath);
            if (labels.Count != keys.Count)
                throw new InvalidDataException($"'{classPath}' has the wrong shape: expected {keys.Count} labels (one per key of filenames.pickle), found {labels.Count}.");
            classes = new Dictionary<Row, int>();
            for (int i = 0; i < keys.Count; i++) classes[selected[i]] = labels[i];
        }
        var capPath = Path.Combine(Path.GetDirectoryName(dir)!, "captions.pickle");
        (AttnGanCaptions, bool, string)? pickled = File.Exists(capPath) ? (AttnGanPickles.ReadCaptions(capPath), name == "train", capPath) : null;
        return (selected, classes, pickled);
    }

    private static void Bad(CubOptions options, List<DataIssue> issues, HashSet<Row> skipped, Row row, string file, string message, bool missing)
    {
        if (options.BadItems == BadItemPolicy.Throw)
            throw missing ? new FileNotFoundException(message, file) : new InvalidDataException(message);
        issues.Add(new DataIssue(file, null, "image skipped: " + message));
        skipped.Add(row);
    }

    private static string? AttributesPath(CubOptions options, CubLayout layout) =>
        options.AttributesFile ?? (File.Exists(Path.Combine(layout.CubDir, "attributes.json")) ? Path.Combine(layout.CubDir, "attributes.json") : null);

    private static Dictionary<string, IReadOnlyList<int>>? ReadAttributes(CubOptions options, CubLayout layout)
    {
        var path = AttributesPath(options, layout);
        if (path is null) return null;
        return AttributeAnnotations.Load(path).Images.ToDictionary(i => i.Key, i => i.Values, StringComparer.Ordinal);
    }

    private static string CaptionPath(CubLayout layout, Row row) => Path.Combine(layout.TextDir ?? Path.Combine(layout.CubDir, "text"), row.Key + ".txt");

    /// <summary>The reference key: the relative path without its extension, with '/' separators.</summary>
    internal static string KeyOf(string relativePath)
    {
        var rel = relativePath.Replace('\\', '/');
        int dot = rel.LastIndexOf('.');
        return dot > rel.LastIndexOf('/') ? rel[..dot] : rel;
    }
}
