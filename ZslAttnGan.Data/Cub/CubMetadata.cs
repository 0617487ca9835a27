using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Data.Cub;

/// <summary>One row of <c>images.txt</c> with its label.</summary>
/// <param name="Id">The image id.</param>
/// <param name="RelativePath">The path under <c>images/</c>, e.g. "001.Black_footed_Albatross/…_0001_796111.jpg".</param>
/// <param name="Key">The reference key (the path without extension).</param>
/// <param name="ClassId">The class id of <c>image_class_labels.txt</c>, or null when that file was not read.</param>
internal sealed record CubRow(int Id, string RelativePath, string Key, int? ClassId)
{
    /// <summary>The image's class folder (the part of the path before the file name), or null at the top level.</summary>
    public string? Folder
    {
        get
        {
            int slash = RelativePath.Replace('\\', '/').LastIndexOf('/');
            return slash > 0 ? RelativePath[..slash] : null;
        }
    }
}

/// <summary>
/// The metadata files of a CUB root: <c>images.txt</c> and <c>bounding_boxes.txt</c> always; <c>classes.txt</c> and
/// <c>image_class_labels.txt</c> when labels come from them (AttnGAN's <c>data/birds</c> ships neither, its labels are
/// in <c>class_info.pickle</c>); <c>train_test_split.txt</c> when present.
/// </summary>
internal sealed class CubMetadata
{
    private CubMetadata(List<CubRow> rows, Dictionary<int, BoundingBox> boxes, Dictionary<int, string>? classNames, Dictionary<int, int>? trainFlags)
    {
        Rows = rows;
        Boxes = boxes;
        ClassNames = classNames;
        TrainFlags = trainFlags;
    }

    /// <summary>The rows of <c>images.txt</c>, in file order.</summary>
    public List<CubRow> Rows { get; }

    /// <summary>Boxes by image id (every row has one).</summary>
    public Dictionary<int, BoundingBox> Boxes { get; }

    /// <summary>Class names by id from <c>classes.txt</c>, or null when it was not read.</summary>
    public Dictionary<int, string>? ClassNames { get; }

    /// <summary>The flags of <c>train_test_split.txt</c> by image id (1 = train), or null when the file is absent.</summary>
    public Dictionary<int, int>? TrainFlags { get; }

    /// <summary>Reads the metadata.</summary>
    /// <param name="layout">The resolved root.</param>
    /// <param name="needLabels">True: <c>classes.txt</c> and <c>image_class_labels.txt</c> are required (a missing one
    /// is a <see cref="FileNotFoundException"/> naming it and the layout). False: labels come from elsewhere;
    /// <c>classes.txt</c> is read for the names only when present.</param>
    /// <param name="readTrainFlags">Read <c>train_test_split.txt</c> when it exists (for <see cref="SplitOf"/>).</param>
    public static CubMetadata Read(CubLayout layout, bool needLabels, bool readTrainFlags)
    {
        var imagesTxt = Path.Combine(layout.CubDir, "images.txt");
        var labelsTxt = Path.Combine(layout.CubDir, "image_class_labels.txt");
        var classesTxt = Path.Combine(layout.CubDir, "classes.txt");
        var boxesTxt = Path.Combine(layout.CubDir, "bounding_boxes.txt");
        var splitTxt = Path.Combine(layout.CubDir, "train_test_split.txt");

        var images = CubFiles.ReadIdValue(imagesTxt);
        var labels = needLabels ? CubFiles.ReadIdInt(labelsTxt) : null;
        var classNames = needLabels || File.Exists(classesTxt) ? CubFiles.ReadIdValue(classesTxt).ToDictionary(r => r.Id, r => r.Value) : null;
        var boxes = CubFiles.ReadBoundingBoxes(boxesTxt);
        var flags = readTrainFlags && File.Exists(splitTxt) ? CubFiles.ReadIdInt(splitTxt) : null;

        var rows = new List<CubRow>(images.Count);
        foreach (var (id, rel) in images)
        {
            int? cls = null;
            if (labels is not null)
            {
                if (!labels.TryGetValue(id, out var c)) throw new InvalidDataException($"{labelsTxt}: image id {id} (from images.txt) has no class label.");
                if (!classNames!.ContainsKey(c)) throw new InvalidDataException($"{labelsTxt}: image id {id} has class {c}, which {classesTxt} does not list.");
                cls = c;
            }
            if (!boxes.ContainsKey(id)) throw new InvalidDataException($"{boxesTxt}: image id {id} (from images.txt) has no bounding box.");
            rows.Add(new CubRow(id, rel, CubDataset.KeyOf(rel), cls));
        }
        return new CubMetadata(rows, boxes, classNames, flags);
    }

    /// <summary>The split of an image by <c>train_test_split.txt</c>, or null when the file is absent or has no 0/1 flag
    /// for it.</summary>
    public DatasetSplit? SplitOf(CubRow row) =>
        TrainFlags is not null && TrainFlags.TryGetValue(row.Id, out var f) && f is 0 or 1 ? (f == 1 ? DatasetSplit.Train : DatasetSplit.Test) : null;
}
