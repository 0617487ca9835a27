namespace ZslAttnGan.Interop;

/// <summary>
/// Reference weights cannot be imported: a legacy <c>.pth</c>, a file that is not a state dict, keys or shapes that do
/// not fit, components that contradict each other, or a missing component. The message names the file and says
/// exactly what is wrong (and, for a legacy file, how to re-save it).
/// </summary>
public sealed class ReferenceImportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="path">The file concerned, if one is.</param>
    /// <param name="inner">The underlying error.</param>
    public ReferenceImportException(string message, string? path = null, Exception? inner = null)
        : base(path is null ? message : $"'{path}': {message}", inner)
    {
        Path = path;
    }

    /// <summary>The file concerned, or null when the problem is not one file's.</summary>
    public string? Path { get; }
}
