namespace ZslAttnGan.Data.Matlab;

/// <summary>A cell array: any arrays, kept in MATLAB's column-major order.</summary>
public sealed class MatCellArray : MatVariable
{
    internal MatCellArray(string name, string path, string filePath, int[] dims, MatVariable[] cells)
        : base(name, path, filePath, dims, MatClass.Cell)
    {
        Cells = cells;
    }

    /// <summary>The cells, column-major (for an [n x 1] or [1 x n] cell this is simply the list).</summary>
    public IReadOnlyList<MatVariable> Cells { get; }

    /// <summary>The cell at (row, column) of a 2-D cell array.</summary>
    public MatVariable this[int row, int column] =>
        row >= 0 && row < Dimensions[0] && column >= 0 && (long)column * Dimensions[0] + row < Cells.Count
            ? Cells[column * Dimensions[0] + row]
            : throw Error($"cell ({row + 1}, {column + 1}) is outside {Describe()}");

    /// <summary>The cells of a vector cell array as strings: each must be a char array with at most one row
    /// (what <c>allclasses_names</c> and <c>image_files</c> hold). The exception names the offending cell.</summary>
    public IReadOnlyList<string> ToStrings()
    {
        if (!IsVector) throw Error($"expected a vector of strings but it is {Describe()}");
        var strings = new string[Cells.Count];
        for (int i = 0; i < strings.Length; i++)
        {
            strings[i] = Cells[i] is MatCharArray chars
                ? chars.Text
                : throw Cells[i].Error($"expected a string (char array) but it is {Cells[i].Describe()}");
        }
        return strings;
    }
}
