namespace ZslAttnGan.Data.Gazsl;

/// <summary>Per-class mean feature rows (the GAZSL generator's visual-pivot targets).</summary>
public static class ClassCentroids
{
    /// <summary>Row c = mean of the rows of <paramref name="features"/> labelled c, for c in 0..classCount-1.
    /// A class without rows is an error naming <paramref name="labelSource"/> unless
    /// <paramref name="allowEmptyClasses"/>, which gives a NaN row like numpy's mean of an empty slice (only for
    /// reproducing the reference's hard-coded class counts).</summary>
    public static FloatMatrix Compute(FloatMatrix features, IReadOnlyList<long> labels, int classCount, bool allowEmptyClasses, string labelSource)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != features.Rows)
            throw new ArgumentException($"{labels.Count} labels for {features.Rows} feature rows.", nameof(labels));
        int dim = features.Columns;
        var sums = new double[(long)classCount * dim];
        var counts = new int[classCount];
        for (int i = 0; i < labels.Count; i++)
        {
            long c = labels[i];
            if (c < 0 || c >= classCount) throw new InvalidDataException($"'{labelSource}': label {c} at position {i} is outside 0..{classCount - 1}.");
            counts[c]++;
            var row = features.Row(i);
            for (int d = 0; d < dim; d++) sums[c * dim + d] += row[d];
        }
        var result = new float[sums.Length];
        for (int c = 0; c < classCount; c++)
        {
            if (counts[c] == 0 && !allowEmptyClasses)
                throw new InvalidDataException($"'{labelSource}': seen class {c} has no training sample, so it has no centroid; every seen class needs at least one.");
            for (int d = 0; d < dim; d++)
                result[c * dim + d] = counts[c] == 0 ? float.NaN : (float)(sums[c * dim + d] / counts[c]);
        }
        return new FloatMatrix(classCount, dim, result);
    }
}
