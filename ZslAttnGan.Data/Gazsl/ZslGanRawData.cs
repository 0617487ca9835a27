using ZslAttnGan.Data.Matlab;
using ZslAttnGan.Data.Pickles;

namespace ZslAttnGan.Data.Gazsl;

/// <summary>
/// The CUB/NAB files of one ZSL_GAN split as stored, checked but not normalised: visual features cast to float32
/// (as the reference's <c>astype(np.float32)</c>), 0-based labels, the split's 1-based class ids (their order defines
/// the class indices) and the whole text matrix [C, text_dim].
/// </summary>
public sealed record ZslGanRawData(
    ZslGanFiles Files,
    FloatMatrix TrainFeatures,
    FloatMatrix TestFeatures,
    long[] TrainLabels,
    long[] TestLabels,
    long[] TrainClassIds,
    long[] TestClassIds,
    FloatMatrix ClassText)
{
    /// <summary>Reads and cross-checks the files. Errors name the file and the variable: missing files
    /// (<see cref="FileNotFoundException"/>), unreadable ones (<see cref="MatFileException"/>,
    /// <see cref="InvalidDataException"/>), shapes that disagree, labels or ids out of range.</summary>
    public static ZslGanRawData Read(ZslGanFiles files, bool requireIntegerTypedClassIds = false)
    {
        ArgumentNullException.ThrowIfNull(files);
        var text = ReadMatrix(files.TextFeatures, "PredicateMatrix");
        var train = ReadMatrix(files.TrainFeatures, "pfc_feat");
        var test = ReadMatrix(files.TestFeatures, "pfc_feat");
        if (test.Columns != train.Columns)
            throw new InvalidDataException($"'{files.TestFeatures}': pfc_feat has {test.Columns} columns but '{files.TrainFeatures}' has {train.Columns}; both must be [images x feature_dim].");

        var split = MatFile.Read(files.Split);
        var trainIds = ReadClassIds(split, "train_cid", text.Rows, files.TextFeatures, requireIntegerTypedClassIds);
        var testIds = ReadClassIds(split, "test_cid", text.Rows, files.TextFeatures, requireIntegerTypedClassIds);
        var overlap = trainIds.Intersect(testIds).ToList();
        if (overlap.Count > 0)
            throw new MatFileException(files.Split, "test_cid", $"class id {overlap[0]} is also in train_cid; seen and unseen classes must be disjoint");

        var trainLabels = ReadLabels(files.TrainLabels, train.Rows, files.TrainFeatures, trainIds.Length, "train_cid");
        var testLabels = ReadLabels(files.TestLabels, test.Rows, files.TestFeatures, testIds.Length, "test_cid");
        return new ZslGanRawData(files, train, test, trainLabels, testLabels, trainIds, testIds, text);
    }

    private static FloatMatrix ReadMatrix(string path, string variable)
    {
        var array = MatFile.Read(path).GetNumeric(variable).RequireMatrix();
        if (array.Rows == 0 || array.Columns == 0) throw array.Error($"is empty ({array.Describe()})");
        var values = array.ToSingleRowMajor();
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw array.Error($"holds {values[i]} at row {i / array.Columns + 1}, column {i % array.Columns + 1} (as float32)");
        return new FloatMatrix(array.Rows, array.Columns, values);
    }

    private static long[] ReadClassIds(MatFile split, string variable, int classCount, string textPath, bool requireIntegerTyped)
    {
        var array = split.GetNumeric(variable);
        if (requireIntegerTyped && array.IsFloatingPoint)
            throw array.Error($"is {array.Describe()}; the reference loader indexes with it and fails (IndexError) unless it is integer-typed");
        var ids = array.ToInt64Vector();
        if (ids.Length == 0) throw array.Error("is empty");
        var seen = new HashSet<long>();
        foreach (var id in ids)
        {
            if (id < 1 || id > classCount)
                throw array.Error($"class id {id} is outside 1..{classCount} (the rows of PredicateMatrix in '{textPath}')");
            if (!seen.Add(id)) throw array.Error($"class id {id} appears twice");
        }
        return ids;
    }

    private static long[] ReadLabels(string path, int rows, string featurePath, int classCount, string idsName)
    {
        var labels = NumpyVectorPickle.ReadInt64(path);
        if (labels.Length != rows)
            throw new InvalidDataException($"'{path}': {labels.Length} labels but '{featurePath}' holds {rows} feature rows.");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] < 0 || labels[i] >= classCount)
                throw new InvalidDataException($"'{path}': label {labels[i]} at position {i} is outside 0..{classCount - 1} (0-based indices into the split's {idsName}).");
        return labels;
    }
}
