namespace ZslAttnGan.TorchSharpWorkarounds;

/// <summary>libtorch's error messages: a first line that says what went wrong, then "Exception raised from …" and a
/// native stack trace that means nothing to a user.</summary>
public static class NativeErrors
{
    /// <summary>The message up to the native stack trace, on one line, without a trailing full stop.</summary>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int cut = message.IndexOf("Exception raised from", StringComparison.Ordinal);
        var head = cut >= 0 ? message[..cut] : message;
        int frame = head.IndexOf("frame #", StringComparison.Ordinal);
        if (frame >= 0) head = head[..frame];
        var line = head.ReplaceLineEndings(" ").Trim();
        return (line.Length == 0 ? "unknown native error" : line).TrimEnd('.');
    }
}
