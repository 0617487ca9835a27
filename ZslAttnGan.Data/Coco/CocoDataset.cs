using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZslAttnGan.Data.Captions;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Data.Pickles;
using ZslAttnGan.Text;

namespace ZslAttnGan.Data.Coco;

/// <summary>Loads MS-COCO 2014 (official JSON layout or AttnGAN's layout) into an <see cref="ImageCaptionDataset"/>.</summary>
public static class CocoDataset
{
    /// <summary>The layouts the loader understands, for error messages.</summary>
    public const string ExpectedLayout =
        "expected either the official layout <root>/annotations/captions_{train,val}2014.json with images in <root>/{train,val}2014/, " +
        "or AttnGAN's <root>/{train,test}/filenames.pickle with <root>/text/<key>.txt and <root>/images/<key>.jpg";

    private sealed record Row(string Key, long? Id, string ImagePath, string CaptionFile, IReadOnlyList<IReadOnlyList<string>>? Tokens);

    /// <summary>Loads the split described by <paramref name="options"/>. Every item gets its COCO image id, its split
    /// (train or validation), its size (read from the image header) and, with primary categories, its class — null for
    /// an image without any annotated object; see <see cref="DatasetItem"/>.</summary>
    public static ImageCaptionDataset Load(CocoOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CaptionsPerImage);
        logger ??= NullLogger.Instance;
        var root = Path.GetFullPath(options.Root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"COCO root '{root}' does not exist; {ExpectedLayout}.");
        var split = options.OfficialSplit;
        var issues = new List<DataIssue>();
        var captionsJson = Path.Combine(root, "annotations", $"captions_{split}2014.json");
        var attnDir = Path.Combine(root, split == "train" ? "train" : "test");

        List<Row> rows;
        Vocabulary vocabulary;
        Dictionary<string, List<long[]>>? pickled = null;
        if (File.Exists(captionsJson))
        {
            rows = ReadOfficial(root, split, options.CaptionsPerImage, options.ReplicateEmptyCaptionBug);
            var other = split == "train" ? "val" : "train";
            var otherRows = options.Vocabulary is null && File.Exists(Path.Combine(root, "annotations", $"captions_{other}2014.json"))
                ? ReadOfficial(root, other, options.CaptionsPerImage, options.ReplicateEmptyCaptionBug) : new List<Row>();
            var (train, val) = split == "train" ? (rows, otherRows) : (otherRows, rows);
            vocabulary = options.Vocabulary ?? Vocabulary.Build(train.Concat(val).SelectMany(r => r.Tokens!), options.MinWordCount);
        }
        else if (File.Exists(Path.Combine(attnDir, "filenames.pickle")))
        {
            var keys = AttnGanPickles.ReadFilenames(Path.Combine(attnDir, "filenames.pickle"));
            rows = keys.Select(k => new Row(k, IdFromKey(k), Path.Combine(root, "images", k + ".jpg"), Path.Combine(root, "text", k + ".txt"), null)).ToList();
            var capPath = Path.Combine(root, "captions.pickle");
            if (options.Vocabulary is null && File.Exists(capPath))
            {
                var all = AttnGanPickles.ReadCaptions(capPath);
                vocabulary = all.Vocabulary;
                var list = split == "train" ? all.Train : all.Test;
                int cpi = options.CaptionsPerImage;
                if (list.Count != rows.Count * cpi)
                    throw new InvalidDataException($"'{capPath}' has {list.Count} {(split == "train" ? "train" : "test")} captions for {rows.Count} images; expected exactly {cpi} per image.");
                pickled = new Dictionary<string, List<long[]>>(StringComparer.Ordinal);
                for (int k = 0; k < rows.Count; k++)
                    pickled[rows[k].Key] = CaptionEncoder.KeepNonEmpty(list.Skip(k * cpi).Take(cpi), cpi, capPath, rows[k].Key, issues);
            }
            else
            {
                rows = rows.Select(r => r with { Tokens = CaptionEncoder.ReadTokens(r.CaptionFile, options.CaptionsPerImage, options.ReplicateEmptyCaptionBug) }).ToList();
                // The reference builds its vocabulary from train then test captions.
                var otherDir = Path.Combine(root, split == "train" ? "test" : "train");
                var otherTokens = options.Vocabulary is null && File.Exists(Path.Combine(otherDir, "filenames.pickle"))
                    ? AttnGanPickles.ReadFilenames(Path.Combine(otherDir, "filenames.pickle"))
                        .Select(k => CaptionEncoder.ReadTokens(Path.Combine(root, "text", k + ".txt"), options.CaptionsPerImage, options.ReplicateEmptyCaptionBug))
                        .Where(t => t is not null).SelectMany(t => t!).ToList()
                    : new List<IReadOnlyList<string>>();
                var own = rows.Where(r => r.Tokens is not null).SelectMany(r => r.Tokens!);
                vocabulary = options.Vocabulary ?? Vocabulary.Build(split == "train" ? own.Concat(otherTokens) : otherTokens.Concat(own), options.MinWordCount);
            }
        }
        else
        {
            throw new FileNotFoundException($"Neither '{captionsJson}' nor '{Path.Combine(attnDir, "filenames.pickle")}' exists; {ExpectedLayout}.", captionsJson);
        }

        var kept = new List<(Row Row, List<long[]> Captions)>();
        foreach (var row in rows)
        {
            List<long[]> caps;
            if (pickled is not null) caps = pickled[row.Key];
            else if (row.Tokens is null)
            {
                Bad(options, issues, row, $"Caption file '{row.CaptionFile}' for image '{row.Key}' is missing; {ExpectedLayout}.", missing: true);
                continue;
            }
            else caps = CaptionEncoder.Encode(row.Tokens, vocabulary, options.CaptionsPerImage, row.CaptionFile, row.Key, issues);
            if (caps.Count == 0)
            {
                Bad(options, issues, row, $"Image '{row.Key}' has no usable caption ({row.CaptionFile}).", missing: false);
                continue;
            }
            kept.Add((row, caps));
        }

        var (classes, classOf) = Classes(options, root, split, kept.Select(k => k.Row).ToList());
        var itemSplit = split == "train" ? DatasetSplit.Train : DatasetSplit.Validation;
        var items = kept.Select(k => new DatasetItem(k.Row.Key, k.Row.ImagePath, classOf[k.Row.Key], null, k.Captions) { Id = k.Row.Id, Split = itemSplit }).ToList();
        items = ImageHeaders.AddSizesAndCrops(items, issues);
        foreach (var issue in issues.Take(50)) logger.LogWarning("COCO: {Issue}", issue);
        return new ImageCaptionDataset(items, vocabulary, classes, issues, null, $"COCO {split}2014 ({items.Count} images)");
    }

    private static List<Row> ReadOfficial(string root, string split, int captionsPerImage, bool replicateEmptyCaptionBug)
    {
        var path = Path.Combine(root, "annotations", $"captions_{split}2014.json");
        var file = CocoJson.Read<CocoJson.CaptionsFile>(path, "expected {\"images\": [...], \"annotations\": [...]}");
        if (file.Images is null || file.Annotations is null)
            throw new InvalidDataException($"COCO file '{path}' lacks 'images' or 'annotations'.");
        var byImage = file.Annotations.GroupBy(a => a.ImageId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Id).ToList());
        var rows = new List<Row>(file.Images.Count);
        foreach (var image in file.Images)
        {
            if (string.IsNullOrEmpty(image.FileName)) throw new InvalidDataException($"COCO file '{path}': image {image.Id} has no file_name.");
            var tokens = new List<IReadOnlyList<string>>();
            foreach (var a in byImage.GetValueOrDefault(image.Id) ?? new())
            {
                // A COCO caption is one string; embedded newlines are not caption boundaries here.
                var t = Tokenizer.TokenizeCaptionLine((a.Text ?? "").Replace('\r', ' ').Replace('\n', ' '));
                if (Tokenizer.IsCaption(t, replicateEmptyCaptionBug)) tokens.Add(t!);
                if (tokens.Count == captionsPerImage) break;
            }
            var key = Path.GetFileNameWithoutExtension(image.FileName);
            rows.Add(new Row(key, image.Id, Path.Combine(root, $"{split}2014", image.FileName), $"{path} (image_id {image.Id})", tokens));
        }
        return rows;
    }

    /// <summary>The classes and each key's class index: primary categories (null for an image without an annotated
    /// object), or the reference's one class per image without instances.</summary>
    private static (List<DatasetClass>, Dictionary<string, int?>) Classes(CocoOptions options, string root, string split, IReadOnlyList<Row> rows)
    {
        var instancesPath = options.InstancesFile ?? Path.Combine(root, "annotations", $"instances_{split}2014.json");
        var classOf = new Dictionary<string, int?>(StringComparer.Ordinal);
        if (!options.UsePrimaryCategory || !File.Exists(instancesPath))
        {
            if (options.InstancesFile is not null && options.UsePrimaryCategory)
                throw new FileNotFoundException($"COCO instances file '{instancesPath}' does not exist.", instancesPath);
            // The reference: without class_info every image is its own class, so class masking never triggers.
            for (int i = 0; i < rows.Count; i++) classOf[rows[i].Key] = i;
            return (rows.Select((r, i) => new DatasetClass(i, i, r.Key)).ToList(), classOf);
        }
        var file = CocoJson.Read<CocoJson.InstancesFile>(instancesPath, "expected {\"annotations\": [...], \"categories\": [...]}");
        if (file.Annotations is null || file.Categories is null)
            throw new InvalidDataException($"COCO file '{instancesPath}' lacks 'annotations' or 'categories'.");
        var names = file.Categories.ToDictionary(c => c.Id, c => c.Name ?? c.Id.ToString(CultureInfo.InvariantCulture));
        var primary = new Dictionary<long, CocoJson.Instance>();
        foreach (var a in file.Annotations)
            if (!primary.TryGetValue(a.ImageId, out var best) || a.Area > best.Area) primary[a.ImageId] = a;
        var category = rows.ToDictionary(r => r.Key, r => r.Id is { } id && primary.TryGetValue(id, out var p) ? p.CategoryId : (int?)null, StringComparer.Ordinal);
        var ids = category.Values.OfType<int>().Distinct().Order().ToList();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        foreach (var (key, cat) in category) classOf[key] = cat is { } c ? index[c] : null;
        return (ids.Select((id, i) => new DatasetClass(i, id, names.GetValueOrDefault(id, id.ToString(CultureInfo.InvariantCulture)))).ToList(), classOf);
    }

    /// <summary>The image id at the end of a COCO key ("COCO_train2014_000000000009" → 9), or null.</summary>
    private static long? IdFromKey(string key)
    {
        int underscore = key.LastIndexOf('_');
        return long.TryParse(key.AsSpan(underscore + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    private static void Bad(CocoOptions options, List<DataIssue> issues, Row row, string message, bool missing)
    {
        if (options.BadItems == BadItemPolicy.Throw)
            throw missing ? new FileNotFoundException(message, row.CaptionFile) : new InvalidDataException(message);
        issues.Add(new DataIssue(missing ? DataIssueKind.MissingCaptionFile : DataIssueKind.NoUsableCaption, row.CaptionFile, "image skipped: " + message, row.Key));
    }
}
