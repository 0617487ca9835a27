using ZslAttnGan.Data.Matlab;

namespace ZslAttnGan.Data.Gazsl;

/// <summary>
/// The GBU files (Xian et al., "Zero-Shot Learning — the Good, the Bad and the Ugly") as stored, checked:
/// <c>res101.mat</c> (<c>features</c> [X x N], one column per image; <c>labels</c> [N x 1], 1-based class ids;
/// optional <c>image_files</c>) and <c>att_splits.mat</c> (<c>att</c> [att_dim x C], the 1-based
/// <c>*_loc</c> image indices, optional <c>allclasses_names</c>). Locations and labels stored as floating point are
/// accepted when they are whole numbers (the reference's <c>loc - 1</c> indexing needs integer types).
/// </summary>
public sealed record GbuRawData(
    string ImageFile,
    string SplitFile,
    int ImageCount,
    int FeatureDim,
    double[] Features,
    long[] Labels,
    FloatMatrix Attributes,
    IReadOnlyDictionary<string, long[]> Locations,
    IReadOnlyList<string>? ClassNames,
    IReadOnlyList<string>? ImageFiles)
{
    /// <summary>The location variables of <c>att_splits.mat</c>.</summary>
    public static readonly IReadOnlyList<string> LocationNames = ["trainval_loc", "train_loc", "val_loc", "test_seen_loc", "test_unseen_loc"];

    /// <summary>Image i's features (row i of the [N, X] row-major <see cref="Features"/>).</summary>
    public ReadOnlySpan<double> Row(int image) => Features.AsSpan(image * FeatureDim, FeatureDim);

    /// <summary>Reads <paramref name="imageFile"/> and <paramref name="splitFile"/>; errors name the file and variable.</summary>
    public static GbuRawData Read(string imageFile, string splitFile)
    {
        var images = MatFile.Read(imageFile);
        var features = images.GetNumeric("features").RequireMatrix();
        if (features.Rows == 0 || features.Columns == 0) throw features.Error($"is empty ({features.Describe()})");
        int dim = features.Rows, count = features.Columns;
        // [X x N] column-major is [N x X] row-major: one image after the other.
        var values = features.ToDoubleColumnMajor();
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        if (bad >= 0) throw features.Error($"holds {values[bad]} for image {bad / dim + 1}, dimension {bad % dim + 1}");

        var labelArray = images.GetNumeric("labels");
        var labels = labelArray.ToInt64Vector();
        if (labels.Length != count) throw labelArray.Error($"has {labels.Length} labels but features has {count} columns (images)");

        var splits = MatFile.Read(splitFile);
        var att = splits.GetNumeric("att").RequireMatrix();
        if (att.Rows == 0 || att.Columns == 0) throw att.Error($"is empty ({att.Describe()})");
        // att is [att_dim x C]: its column-major values are the row-major [C x att_dim] class vectors.
        var attValues = att.ToDoubleColumnMajor().Select(v => (float)v).ToArray();
        if (attValues.Any(v => !float.IsFinite(v))) throw att.Error("holds a non-finite value");
        int classes = att.Columns;
        int badLabel = Array.FindIndex(labels, l => l < 1 || l > classes);
        if (badLabel >= 0) throw labelArray.Error($"label {labels[badLabel]} of image {badLabel + 1} is outside 1..{classes} (the columns of att in '{splitFile}')");

        var locations = new Dictionary<string, long[]>();
        foreach (var name in LocationNames)
        {
            var array = splits.GetNumeric(name);
            var loc = array.ToInt64Vector();
            int outside = Array.FindIndex(loc, l => l < 1 || l > count);
            if (outside >= 0) throw array.Error($"image index {loc[outside]} at position {outside + 1} is outside 1..{count} (the images of '{imageFile}')");
            locations[name] = loc;
        }

        IReadOnlyList<string>? names = null;
        if (splits.Contains("allclasses_names"))
        {
            names = splits.GetCell("allclasses_names").ToStrings();
            if (names.Count != classes) throw splits.Get("allclasses_names").Error($"has {names.Count} names for {classes} classes (columns of att)");
        }
        IReadOnlyList<string>? files = null;
        if (images.Contains("image_files"))
        {
            files = images.GetCell("image_files").ToStrings();
            if (files.Count != count) throw images.Get("image_files").Error($"has {files.Count} entries for {count} images");
        }
        return new GbuRawData(imageFile, splitFile, count, dim, values, labels, new FloatMatrix(classes, att.Rows, attValues), locations, names, files);
    }
}
