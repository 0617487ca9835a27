namespace ZslAttnGan.Data;

/// <summary>A problem found in the input that did not stop loading (for example a caption file with too few lines).</summary>
/// <param name="File">The file concerned.</param>
/// <param name="Line">1-based line, when one line is concerned.</param>
/// <param name="Message">What is wrong and what the loader did about it.</param>
public sealed record DataIssue(string File, int? Line, string Message)
{
    /// <summary>Creates an issue of a given kind.</summary>
    /// <param name="kind">What the issue is about.</param>
    /// <param name="file">The file concerned.</param>
    /// <param name="message">What is wrong and what the loader did about it.</param>
    /// <param name="imageKey">The image concerned, when one image is.</param>
    /// <param name="line">1-based line, when one line is concerned.</param>
    public DataIssue(DataIssueKind kind, string file, string message, string? imageKey = null, int? line = null)
        : this(file, line, message)
    {
        Kind = kind;
        ImageKey = imageKey;
    }

    /// <summary>What the issue is about (<see cref="DataIssueKind.Other"/> when created without a kind).</summary>
    public DataIssueKind Kind { get; init; } = DataIssueKind.Other;

    /// <summary>The key of the image concerned (<see cref="DatasetItem.Key"/>), or null when the issue is not about
    /// one image.</summary>
    public string? ImageKey { get; init; }

    /// <inheritdoc />
    public override string ToString() => Line is { } l ? $"{File}:{l}: {Message}" : $"{File}: {Message}";
}
