namespace ZslAttnGan.Data.Matlab;

/// <summary>
/// A character array. MATLAB stores characters column-major, so the strings are the ROWS: a [1 x n] array is one
/// string, a [k x n] array is k strings of n characters (MATLAB pads shorter ones with spaces; they are kept).
/// </summary>
public sealed class MatCharArray : MatVariable
{
    internal MatCharArray(string name, string path, string filePath, int[] dims, string[] rows)
        : base(name, path, filePath, dims, MatClass.Char)
    {
        RowStrings = rows;
    }

    /// <summary>One string per row (dimensions after the first are flattened column-major into the row).</summary>
    public IReadOnlyList<string> RowStrings { get; }

    /// <summary>The single string of a [1 x n] (or empty) array; throws naming the variable for several rows.</summary>
    public string Text => RowStrings.Count switch
    {
        0 => "",
        1 => RowStrings[0],
        _ => throw Error($"expected one string but it has {RowStrings.Count} rows ({Describe()})"),
    };
}
