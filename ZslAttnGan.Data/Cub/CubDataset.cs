using System.Globalization;
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
    /// <summary>Loads the split described by <paramref name="options"/>. Every item gets its <c>images.txt</c> id, its
    /// split, its size (read from the image header) and its bird crop; see <see cref="DatasetItem"/>.</summary>
    /// <exception cref="FileNotFoundException">A required file is missing (the message names it and the expected layout).</exception>
    /// <exception cref="InvalidDataException">A file is malformed (the message names the file and line).</exception>
    public static ImageCaptionDataset Load(CubOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CaptionsPerImage);
        logger ??= NullLogger.Instance;
        var layout = CubLayout.Resolve(options.Root);
        var issues = new List<DataIssue>();

        // AttnGAN's data/birds has no classes.txt or image_class_labels.txt: class_info.pickle holds the labels.
        var attn = options.Split is CubSplit.AttnGanSplit a ? AttnGanSplitFiles.Resolve(a.Name, layout) : null;
        var meta = CubMetadata.Read(layout, needLabels: attn?.ClassInfoPath is null, readTrainFlags: attn is null);
        var rows = meta.Rows;
        var (selected, labelOverride) = attn is not null ? attn.Select(rows) : (Select(options, layout, meta), null);
        int ClassOf(CubRow r) => labelOverride is not null ? labelOverride[r] : r.ClassId!.Value;

        var skipped = new HashSet<CubRow>();
        var (captions, vocabulary) = attn?.CaptionsPath is { } capPath && options.Vocabulary is null
            ? FromCaptionsPickle(options, capPath, attn.Name == "train", selected, issues)
            : FromTextFiles(options, layout, rows, selected, issues, skipped);

        foreach (var row in selected)
            if (!skipped.Contains(row) && captions.TryGetValue(row, out var c) && c.Count == 0)
                Bad(options, issues, skipped, row, CaptionPath(layout, row), $"Image '{row.Key}' has no usable caption ({CaptionPath(layout, row)}).", missing: false);

        var attributes = ReadAttributes(options, layout);
        var kept = selected.Where(r => !skipped.Contains(r)).ToList();
        var classIds = kept.Select(ClassOf).Distinct().Order().ToList();
        var classIndex = classIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var classes = classIds.Select((id, i) => new DatasetClass(i, id, ClassName(id, meta, kept, ClassOf))).ToList();
        DatasetSplit? attnSplit = attn is null ? null : attn.Name == "train" ? DatasetSplit.Train : DatasetSplit.Test;
        var items = kept.Select(r => new DatasetItem(r.Key, Path.Combine(layout.CubDir, "images", r.RelativePath), classIndex[ClassOf(r)],
            meta.Boxes[r.Id], captions[r], attributes?.GetValueOrDefault(r.Key))
        {
            Id = r.Id,
            Split = attnSplit ?? meta.SplitOf(r),
        }).ToList();
        if (attributes is not null)
        {
            var missing = items.FirstOrDefault(i => i.Attributes is null);
            if (missing is not null) throw new InvalidDataException($"Attribute file has no entry for image '{missing.Key}'.");
        }
        items = ImageHeaders.AddSizesAndCrops(items, issues);

        foreach (var issue in issues.Take(50)) logger.LogWarning("CUB: {Issue}", issue);
        if (issues.Count > 50) logger.LogWarning("CUB: {Count} more issues (see ImageCaptionDataset.Issues)", issues.Count - 50);
        var attributeNames = attributes is null ? null : AttributeAnnotations.Load(AttributesPath(options, layout)!).Attributes.Select(a => a.Name).ToList();
        return new ImageCaptionDataset(items, vocabulary, classes, issues, attributeNames, $"CUB {options.Split} ({items.Count} images)");
    }

    /// <summary>
    /// The vocabulary a model trained on this dataset folder uses, without loading images: AttnGAN's
    /// <c>captions.pickle</c> when the folder has one (the reference reads it when present), otherwise the one the
    /// ZSL-AttnGAN code rebuilds on every run — every caption file listed in <c>images.txt</c>, in that order, the first
    /// <see cref="CubOptions.CaptionsPerImage"/> non-empty captions of each, words numbered by first occurrence after
    /// <c>&lt;end&gt;</c> = 0 (Python 3 dict order) — which is also what <see cref="Load"/> builds.
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder is not in CUB layout (the message gives the expected one).</exception>
    public static Vocabulary LoadVocabulary(CubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CaptionsPerImage);
        var layout = CubLayout.Resolve(options.Root);
        var pickle = new[] { layout.DataDir, layout.CubDir }.Select(d => Path.Combine(d, "captions.pickle")).FirstOrDefault(File.Exists);
        if (pickle is not null) return AttnGanPickles.ReadCaptions(pickle).Vocabulary;
        var rows = CubMetadata.Read(layout, needLabels: false, readTrainFlags: false).Rows;
        if (layout.TextDir is null)
            throw new DirectoryNotFoundException($"No caption folder (text/ or text_c10/) in '{layout.CubDir}' or '{layout.DataDir}'; {CubFiles.ExpectedLayout}.");
        var read = new IReadOnlyList<IReadOnlyList<string>>?[rows.Count];
        Parallel.For(0, rows.Count, i => read[i] = CaptionEncoder.ReadTokens(CaptionPath(layout, rows[i]), options.CaptionsPerImage, options.ReplicateEmptyCaptionBug));
        return Vocabulary.Build(read.Where(r => r is not null).SelectMany(r => r!), options.MinWordCount);
    }

    /// <summary>Captions and vocabulary from AttnGAN's <c>captions.pickle</c> (exactly CaptionsPerImage per image, in
    /// <c>filenames.pickle</c> order).</summary>
    private static (Dictionary<CubRow, List<long[]>>, Vocabulary) FromCaptionsPickle(CubOptions options, string path, bool train,
        List<CubRow> selected, List<DataIssue> issues)
    {
        var pickled = AttnGanPickles.ReadCaptions(path);
        var list = train ? pickled.Train : pickled.Test;
        int cpi = options.CaptionsPerImage;
        if (list.Count != selected.Count * cpi)
            throw new InvalidDataException($"'{path}' has {list.Count} {(train ? "train" : "test")} captions for {selected.Count} images; expected exactly {cpi} per image ({selected.Count * cpi}).");
        var captions = new Dictionary<CubRow, List<long[]>>();
        for (int k = 0; k < selected.Count; k++)
            captions[selected[k]] = CaptionEncoder.KeepNonEmpty(list.Skip(k * cpi).Take(cpi), cpi, path, selected[k].Key, issues);
        return (captions, pickled.Vocabulary);
    }

    /// <summary>Captions from the Reed caption files, encoded with the given vocabulary or one built from every file
    /// listed in <c>images.txt</c> (so all splits of one root share the same ids).</summary>
    private static (Dictionary<CubRow, List<long[]>>, Vocabulary) FromTextFiles(CubOptions options, CubLayout layout, List<CubRow> rows,
        List<CubRow> selected, List<DataIssue> issues, HashSet<CubRow> skipped)
    {
        if (layout.TextDir is null)
            throw new DirectoryNotFoundException($"No caption folder (text/ or text_c10/) in '{layout.CubDir}' or '{layout.DataDir}'; {CubFiles.ExpectedLayout}.");
        var tokens = new Dictionary<CubRow, IReadOnlyList<IReadOnlyList<string>>>();
        var toRead = options.Vocabulary is null ? rows : selected;
        var read = new IReadOnlyList<IReadOnlyList<string>>?[toRead.Count];
        Parallel.For(0, toRead.Count, i => read[i] = CaptionEncoder.ReadTokens(CaptionPath(layout, toRead[i]), options.CaptionsPerImage, options.ReplicateEmptyCaptionBug));
        for (int i = 0; i < toRead.Count; i++) if (read[i] is not null) tokens[toRead[i]] = read[i]!;
        var vocabulary = options.Vocabulary ?? Vocabulary.Build(rows.Where(tokens.ContainsKey).SelectMany(r => tokens[r]), options.MinWordCount);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        var captions = new Dictionary<CubRow, List<long[]>>();
        foreach (var row in selected)
        {
            var path = CaptionPath(layout, row);
            if (!tokens.TryGetValue(row, out var t))
            {
                Bad(options, issues, skipped, row, path, $"Caption file '{path}' for image '{row.Key}' is missing; {CubFiles.ExpectedLayout}.", missing: true);
                continue;
            }
            captions[row] = CaptionEncoder.Encode(t, vocabulary, options.CaptionsPerImage, path, row.Key, issues, unknown);
        }
        if (unknown.Count > 0)
            issues.Add(new DataIssue(DataIssueKind.UnknownWords, layout.TextDir,
                $"{unknown.Count} caption words are not in the given vocabulary and were dropped (e.g. {string.Join(", ", unknown.Take(5))})"));
        return (captions, vocabulary);
    }

    private static List<CubRow> Select(CubOptions options, CubLayout layout, CubMetadata meta) => Select(options.Split, layout, meta);

    private static List<CubRow> Select(CubSplit split, CubLayout layout, CubMetadata meta)
    {
        var rows = meta.Rows;
        switch (split)
        {
            case CubSplit.AllImages:
                return rows;
            case CubSplit.OfficialSplit official:
            {
                var path = Path.Combine(layout.CubDir, "train_test_split.txt");
                var flags = meta.TrainFlags ?? CubFiles.ReadIdInt(path); // a missing file throws, naming it and the layout
                foreach (var r in rows)
                    if (!flags.TryGetValue(r.Id, out var f) || (f != 0 && f != 1))
                        throw new InvalidDataException($"{path}: image id {r.Id} needs a 0/1 train flag.");
                return rows.Where(r => flags[r.Id] == (official.Train ? 1 : 0)).ToList();
            }
            case CubSplit.IntersectionSplit both:
            {
                var second = Select(both.Second, layout, meta).Select(r => r.Id).ToHashSet();
                return Select(both.First, layout, meta).Where(r => second.Contains(r.Id)).ToList();
            }
            case CubSplit.ClassListSplit list:
            {
                var listed = ClassListFile.Read(list.ClassFile, meta.ClassNames!);
                return rows.Where(r => listed.Contains(r.ClassId!.Value) == list.Listed).ToList();
            }
            default:
                throw new ArgumentException($"Unknown split {split}.", nameof(split));
        }
    }

    /// <summary>The name of classes.txt; without it (AttnGAN's layout) the image folder shared by every image of the
    /// class (e.g. "001.Black_footed_Albatross"), else the id.</summary>
    private static string ClassName(int id, CubMetadata meta, List<CubRow> kept, Func<CubRow, int> classOf)
    {
        if (meta.ClassNames is not null && meta.ClassNames.TryGetValue(id, out var name)) return name;
        var folders = kept.Where(r => classOf(r) == id).Select(r => r.Folder).Distinct().Take(2).ToList();
        return folders is [{ } folder] ? folder : id.ToString(CultureInfo.InvariantCulture);
    }

    private static void Bad(CubOptions options, List<DataIssue> issues, HashSet<CubRow> skipped, CubRow row, string file, string message, bool missing)
    {
        if (options.BadItems == BadItemPolicy.Throw)
            throw missing ? new FileNotFoundException(message, file) : new InvalidDataException(message);
        issues.Add(new DataIssue(missing ? DataIssueKind.MissingCaptionFile : DataIssueKind.NoUsableCaption, file, "image skipped: " + message, row.Key));
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

    private static string CaptionPath(CubLayout layout, CubRow row) => Path.Combine(layout.TextDir ?? Path.Combine(layout.CubDir, "text"), row.Key + ".txt");

    /// <summary>The reference key: the relative path without its extension, with '/' separators.</summary>
    internal static string KeyOf(string relativePath)
    {
        var rel = relativePath.Replace('\\', '/');
        int dot = rel.LastIndexOf('.');
        return dot > rel.LastIndexOf('/') ? rel[..dot] : rel;
    }
}
