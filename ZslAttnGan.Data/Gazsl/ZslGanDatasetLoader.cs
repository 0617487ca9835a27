namespace ZslAttnGan.Data.Gazsl;

/// <summary>
/// Loads ZSL_GAN's CUB2011 and NABird benchmarks as <c>LoadDataset</c> / <c>LoadDataset_NAB</c> do: features cast
/// to float32, normalised with ONE scalar mean and ONE scalar population variance of the whole training matrix
/// (train and test become (x - mean) / var), text vectors of the split's classes in split order, and per-class
/// centroids of the normalised training rows. Fixed by default (see <see cref="ZslGanOptions"/>): class counts come
/// from the split file instead of being hard-coded, and whole-number ids stored as double are accepted.
/// </summary>
public static class ZslGanDatasetLoader
{
    /// <summary>Loads <paramref name="benchmark"/>/<paramref name="split"/> from <paramref name="dataRoot"/> (the
    /// reference's <c>data</c> folder or the folder above it).</summary>
    public static GazslDataset Load(string dataRoot, ZslGanBenchmark benchmark, ZslGanSplit split, ZslGanOptions? options = null)
    {
        options ??= new ZslGanOptions();
        var raw = ZslGanRawData.Read(ZslGanFiles.For(dataRoot, benchmark, split), options.RequireIntegerTypedClassIds);
        return Build(raw, options);
    }

    /// <summary>Normalises already-read files (see <see cref="Load"/>).</summary>
    public static GazslDataset Build(ZslGanRawData raw, ZslGanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        options ??= new ZslGanOptions();
        bool hardCoded = options.ClassCounts == ZslGanClassCounts.ReferenceHardCoded;
        int seenCount = hardCoded ? raw.Files.HardCodedSeenClassCount : raw.TrainClassIds.Length;
        int unseenCount = hardCoded ? raw.Files.HardCodedUnseenClassCount : raw.TestClassIds.Length;
        if (hardCoded) RequireLabelsBelow(raw.TrainLabels, seenCount, raw.Files.TrainLabels);
        if (hardCoded) RequireLabelsBelow(raw.TestLabels, unseenCount, raw.Files.TestLabels);

        var normalization = ScalarFeatureNormalizer.Fit(raw.TrainFeatures, options.Scaling, raw.Files.TrainFeatures);
        var train = ScalarFeatureNormalizer.Apply(raw.TrainFeatures, normalization);
        var test = ScalarFeatureNormalizer.Apply(raw.TestFeatures, normalization);
        var centroids = ClassCentroids.Compute(train, raw.TrainLabels, seenCount, allowEmptyClasses: hardCoded, raw.Files.TrainLabels);

        return new GazslDataset
        {
            Source = raw.Files.Folder,
            TrainFeatures = train,
            TrainLabels = raw.TrainLabels,
            TestUnseenFeatures = test,
            TestUnseenLabels = raw.TestLabels,
            SeenClassIds = raw.TrainClassIds,
            UnseenClassIds = raw.TestClassIds,
            SeenClassEmbeddings = raw.ClassText.SelectRows(raw.TrainClassIds.Select(id => (int)id - 1).ToArray()),
            UnseenClassEmbeddings = raw.ClassText.SelectRows(raw.TestClassIds.Select(id => (int)id - 1).ToArray()),
            AllClassEmbeddings = raw.ClassText,
            TrainClassCentroids = centroids,
            SeenClassCount = seenCount,
            UnseenClassCount = unseenCount,
            Normalization = normalization,
        };
    }

    private static void RequireLabelsBelow(long[] labels, int count, string path)
    {
        int i = Array.FindIndex(labels, l => l >= count);
        if (i >= 0)
            throw new InvalidDataException($"'{path}': label {labels[i]} at position {i} is beyond the reference's hard-coded class count {count}; use ZslGanClassCounts.FromSplitFile.");
    }
}
