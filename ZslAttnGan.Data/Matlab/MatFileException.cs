namespace ZslAttnGan.Data.Matlab;

/// <summary>
/// A MATLAB <c>.mat</c> file (or a dataset file read through one) that cannot be used: truncated, not a v5 file, a
/// v7.3 (HDF5) file, an unsupported element, or a variable of the wrong kind or shape. (An <see cref="IOException"/>:
/// <see cref="InvalidDataException"/>, which the rest of the data library throws, is sealed.) The message always names the
/// file and, when known, the variable or field; <see cref="FilePath"/> and <see cref="Variable"/> carry them too.
/// </summary>
public sealed class MatFileException : IOException
{
    /// <summary>Creates the exception; the message is prefixed with the file and the variable.</summary>
    public MatFileException(string filePath, string? variable, string problem, Exception? inner = null)
        : base(Compose(filePath, variable, problem), inner)
    {
        FilePath = filePath;
        Variable = variable;
    }

    /// <summary>The file (or the name given for an in-memory buffer).</summary>
    public string FilePath { get; }

    /// <summary>The variable, field or element path (e.g. <c>image_files{3}</c>, <c>s(2).name</c>), or null for the header.</summary>
    public string? Variable { get; }

    private static string Compose(string filePath, string? variable, string problem) =>
        variable is null ? $"{filePath}: {problem}" : $"{filePath}: variable '{variable}': {problem}";
}
