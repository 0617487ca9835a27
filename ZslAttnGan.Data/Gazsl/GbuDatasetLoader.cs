namespace ZslAttnGan.Data.Gazsl;

/// <summary>
/// Loads a GBU benchmark (<c>&lt;root&gt;/&lt;dataset&gt;/{res101.mat, att_splits.mat}</c>) as ZSL_GAN's
/// <c>dataset_GBU.DATA_LOADER</c> does: training on <c>trainval_loc</c>, test-seen and test-unseen sets, labels
/// remapped to 0..C-1 separately within the seen and within the unseen classes (sorted ids), attributes as rows, and
/// centroids of the (preprocessed) training rows. <see cref="GbuOptions.Validation"/> works (the reference crashes).
/// </summary>
public static class GbuDatasetLoader
{
    /// <summary>The expected layout, for error messages.</summary>
    public const string ExpectedLayout = "expected the GBU layout <root>/<dataset>/{res101.mat, att_splits.mat} (root: the reference's data/GBU)";

    /// <summary>Loads the dataset of <paramref name="options"/> from <paramref name="root"/> (the reference's
    /// <c>data/GBU</c>; the folder above <c>data</c> or above <c>GBU</c> is also accepted).</summary>
    public static GazslDataset Load(string root, GbuOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= new GbuOptions();
        var folder = new[] { root, Path.Combine(root, "GBU"), Path.Combine(root, "data", "GBU") }
            .Select(r => Path.Combine(r, options.Dataset)).FirstOrDefault(Directory.Exists)
            ?? throw new DirectoryNotFoundException($"'{Path.Combine(root, options.Dataset)}' does not exist; {ExpectedLayout}.");
        var raw = GbuRawData.Read(Path.Combine(folder, options.ImageEmbedding + ".mat"), Path.Combine(folder, options.ClassEmbedding + "_splits.mat"));
        return Build(raw, options, folder);
    }

    /// <summary>Builds the dataset from already-read files.</summary>
    public static GazslDataset Build(GbuRawData raw, GbuOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(options);
        var trainRows = Rows(raw, options.Validation ? "train_loc" : "trainval_loc");
        var unseenRows = Rows(raw, options.Validation ? "val_loc" : "test_unseen_loc");
        int[]? seenRows = options.Validation ? null : Rows(raw, "test_seen_loc");

        FloatMatrix train, unseen;
        FloatMatrix? seen;
        if (options.Preprocessing == GbuPreprocessing.None)
        {
            train = Plain(raw, trainRows);
            unseen = Plain(raw, unseenRows);
            seen = seenRows is null ? null : Plain(raw, seenRows);
        }
        else
        {
            var scaler = GbuFeatureScaler.Fit(raw, trainRows, options.Preprocessing);
            train = scaler.Transform(raw, trainRows);
            unseen = scaler.Transform(raw, unseenRows);
            seen = seenRows is null ? null : scaler.Transform(raw, seenRows);
            // The reference then multiplies every set by 1 / max(training features), in float32.
            float max = train.Data.Max();
            if (!(max > 0))
                throw new InvalidDataException($"'{raw.ImageFile}': the largest preprocessed training feature is {max}; the reference's 1/max scaling needs it positive.");
            float inverse = 1f / max;
            foreach (var m in new[] { train, unseen, seen })
                if (m is not null) for (int i = 0; i < m.Data.Length; i++) m.Data[i] *= inverse;
        }

        var seenClasses = ClassesOf(raw, trainRows);
        var unseenClasses = ClassesOf(raw, unseenRows);
        var both = seenClasses.Intersect(unseenClasses).ToList();
        if (both.Count > 0)
            throw new InvalidDataException($"'{raw.SplitFile}': class {both[0]} has images in both the training set and {(options.Validation ? "val_loc" : "test_unseen_loc")}; seen and unseen classes must be disjoint.");
        var trainLabels = MapLabels(raw, trainRows, seenClasses, options.Validation ? "train_loc" : "trainval_loc");
        var unseenLabels = MapLabels(raw, unseenRows, unseenClasses, options.Validation ? "val_loc" : "test_unseen_loc");
        var seenLabels = seenRows is null ? null : MapLabels(raw, seenRows, seenClasses, "test_seen_loc");

        return new GazslDataset
        {
            Source = source,
            TrainFeatures = train,
            TrainLabels = trainLabels,
            TestUnseenFeatures = unseen,
            TestUnseenLabels = unseenLabels,
            TestSeenFeatures = seen,
            TestSeenLabels = seenLabels,
            SeenClassIds = seenClasses,
            UnseenClassIds = unseenClasses,
            SeenClassNames = raw.ClassNames is null ? null : seenClasses.Select(c => raw.ClassNames[(int)c - 1]).ToList(),
            UnseenClassNames = raw.ClassNames is null ? null : unseenClasses.Select(c => raw.ClassNames[(int)c - 1]).ToList(),
            SeenClassEmbeddings = raw.Attributes.SelectRows(seenClasses.Select(c => (int)c - 1).ToArray()),
            UnseenClassEmbeddings = raw.Attributes.SelectRows(unseenClasses.Select(c => (int)c - 1).ToArray()),
            AllClassEmbeddings = raw.Attributes,
            TrainClassCentroids = ClassCentroids.Compute(train, trainLabels, seenClasses.Length, allowEmptyClasses: false, raw.SplitFile),
            SeenClassCount = seenClasses.Length,
            UnseenClassCount = unseenClasses.Length,
        };
    }

    private static int[] Rows(GbuRawData raw, string location)
    {
        var loc = raw.Locations[location];
        if (loc.Length == 0) throw new InvalidDataException($"'{raw.SplitFile}': {location} is empty.");
        return loc.Select(l => (int)l - 1).ToArray();
    }

    private static FloatMatrix Plain(GbuRawData raw, int[] rows)
    {
        int dim = raw.FeatureDim;
        var data = new float[(long)rows.Length * dim];
        for (int i = 0; i < rows.Length; i++)
        {
            var row = raw.Row(rows[i]);
            for (int d = 0; d < dim; d++) data[i * dim + d] = (float)row[d];
        }
        return new FloatMatrix(rows.Length, dim, data);
    }

    /// <summary>The sorted distinct 1-based class ids of the images (numpy.unique).</summary>
    private static long[] ClassesOf(GbuRawData raw, int[] rows) => rows.Select(r => raw.Labels[r]).Distinct().Order().ToArray();

    private static long[] MapLabels(GbuRawData raw, int[] rows, long[] classes, string location)
    {
        var labels = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int index = Array.BinarySearch(classes, raw.Labels[rows[i]]);
            labels[i] = index >= 0 ? index : throw new InvalidDataException(
                $"'{raw.SplitFile}': {location} image {rows[i] + 1} has class {raw.Labels[rows[i]]}, which has no training image (seen classes: {string.Join(", ", classes)}).");
        }
        return labels;
    }
}
