namespace ZslAttnGan.Data;

/// <summary>A problem found in the input that did not stop loading (for example a caption file with too few lines).</summary>
/// <param name="File">The file concerned.</param>
/// <param name="Line">1-based line, when one line is concerned.</param>
/// <param name="Message">What is wrong and what the loader did about it.</param>
public sealed record DataIssue(string File, int? Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Line is { } l ? $"{File}:{l}: {Message}" : $"{File}: {Message}";
}
