namespace ZslAttnGan.Data.Matlab;

/// <summary>A struct array: for each element (column-major), one array per field.</summary>
public sealed class MatStructArray : MatVariable
{
    private readonly MatVariable[][] _elements;

    internal MatStructArray(string name, string path, string filePath, int[] dims, string[] fieldNames, MatVariable[][] elements)
        : base(name, path, filePath, dims, MatClass.Struct)
    {
        FieldNames = fieldNames;
        _elements = elements;
    }

    /// <summary>The field names, in stored order.</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>The field <paramref name="field"/> of element <paramref name="index"/> (column-major, 0-based).</summary>
    public MatVariable Get(string field, int index = 0)
    {
        int f = Array.IndexOf((string[])FieldNames, field);
        if (f < 0) throw Error($"has no field '{field}' (fields: {string.Join(", ", FieldNames)})");
        if (index < 0 || index >= _elements.Length) throw Error($"element {index + 1} is outside {Describe()}");
        return _elements[index][f];
    }
}
