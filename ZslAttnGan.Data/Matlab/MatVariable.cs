namespace ZslAttnGan.Data.Matlab;

/// <summary>
/// One array read from a v5 <c>.mat</c> file: a top-level variable, a cell element or a struct field. MATLAB arrays
/// are column-major with at least two dimensions; <see cref="Dimensions"/> are as stored ([rows, columns, …]).
/// </summary>
public abstract class MatVariable
{
    private protected MatVariable(string name, string path, string filePath, int[] dimensions, MatClass matClass)
    {
        Name = name;
        Path = path;
        FilePath = filePath;
        Dimensions = dimensions;
        Class = matClass;
        long count = 1;
        foreach (var d in dimensions) count *= d;
        Count = count;
    }

    /// <summary>The array name as stored (empty for cell elements and struct fields).</summary>
    public string Name { get; }

    /// <summary>Where the array sits, for messages: <c>att</c>, <c>image_files{3}</c>, <c>s(1).name</c>.</summary>
    public string Path { get; }

    /// <summary>The file the array was read from.</summary>
    public string FilePath { get; }

    /// <summary>The dimensions as stored (column-major order, at least two).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The MATLAB class.</summary>
    public MatClass Class { get; }

    /// <summary>The number of elements (product of the dimensions).</summary>
    public long Count { get; }

    /// <summary>True when at most one dimension differs from 1 (a row, a column or a scalar; also empty).</summary>
    public bool IsVector => Dimensions.Count(d => d != 1) <= 1;

    /// <summary>"double [8 x 60]" style description for messages.</summary>
    public string Describe() => $"{Class.ToString().ToLowerInvariant()} [{string.Join(" x ", Dimensions)}]";

    /// <summary>An exception naming this array's file and path.</summary>
    public MatFileException Error(string problem) => new(FilePath, Path, problem);
}
