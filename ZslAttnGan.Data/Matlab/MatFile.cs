namespace ZslAttnGan.Data.Matlab;

/// <summary>
/// A MATLAB v5 / v6 / v7 <c>.mat</c> file read into memory: numeric (real), logical, char, cell and struct arrays,
/// compressed (v7, zlib) or not, either byte order. Sparse, complex, object arrays and v7.3 (HDF5) files are refused.
/// Every error is a <see cref="MatFileException"/> naming the file and the variable.
/// </summary>
public sealed class MatFile
{
    private readonly Dictionary<string, MatVariable> _variables;

    private MatFile(string filePath, MatFileHeader header, Dictionary<string, MatVariable> variables)
    {
        FilePath = filePath;
        HeaderText = header.Text;
        BigEndian = header.BigEndian;
        _variables = variables;
    }

    /// <summary>The file read (or the name given to <see cref="Parse"/>).</summary>
    public string FilePath { get; }

    /// <summary>The header's descriptive text ("MATLAB 5.0 MAT-file, Platform: …").</summary>
    public string HeaderText { get; }

    /// <summary>True when the file was written big-endian.</summary>
    public bool BigEndian { get; }

    /// <summary>The variables by name, in file order.</summary>
    public IReadOnlyDictionary<string, MatVariable> Variables => _variables;

    /// <summary>Reads a file. A missing file gives <see cref="FileNotFoundException"/>; anything unreadable inside it a
    /// <see cref="MatFileException"/>.</summary>
    public static MatFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"MAT-file not found: {path}", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses the bytes of a whole file; <paramref name="sourceName"/> is used in messages.</summary>
    public static MatFile Parse(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var header = MatFileHeader.Parse(bytes, sourceName);
        var reader = new MatByteReader(bytes, MatFileHeader.Size, bytes.Length, header.BigEndian, sourceName);
        var variables = new Dictionary<string, MatVariable>(StringComparer.Ordinal);
        while (!reader.AtEnd)
        {
            bool subsystem = header.SubsystemOffset != 0 && (ulong)reader.Position == header.SubsystemOffset;
            var variable = MatElementParser.ReadTopLevel(reader);
            // The subsystem element (class data of objects, e.g. MATLAB strings) is not a variable.
            if (variable is null || subsystem || variable.Name.Length == 0) continue;
            variables[variable.Name] = variable;
        }
        return new MatFile(sourceName, header, variables);
    }

    /// <summary>True when the file has a variable of that name.</summary>
    public bool Contains(string name) => _variables.ContainsKey(name);

    /// <summary>The variable; throws naming the file and listing its variables when absent.</summary>
    public MatVariable Get(string name) => _variables.TryGetValue(name, out var v)
        ? v
        : throw new MatFileException(FilePath, name, $"not found (the file has: {(_variables.Count == 0 ? "no variables" : string.Join(", ", _variables.Keys))})");

    /// <summary>A numeric or logical variable; throws naming it when it is of another kind.</summary>
    public MatNumericArray GetNumeric(string name) => Get(name) as MatNumericArray
        ?? throw Get(name).Error($"expected a numeric array but it is {Get(name).Describe()}");

    /// <summary>A char variable.</summary>
    public MatCharArray GetChar(string name) => Get(name) as MatCharArray
        ?? throw Get(name).Error($"expected a char array but it is {Get(name).Describe()}");

    /// <summary>A cell variable.</summary>
    public MatCellArray GetCell(string name) => Get(name) as MatCellArray
        ?? throw Get(name).Error($"expected a cell array but it is {Get(name).Describe()}");

    /// <summary>A struct variable.</summary>
    public MatStructArray GetStruct(string name) => Get(name) as MatStructArray
        ?? throw Get(name).Error($"expected a struct but it is {Get(name).Describe()}");
}
