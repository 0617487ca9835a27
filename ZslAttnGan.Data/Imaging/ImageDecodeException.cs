namespace ZslAttnGan.Data.Imaging;

/// <summary>An image file that could not be decoded, is truncated or exceeds the decoder limits. The message names the file.</summary>
public sealed class ImageDecodeException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ImageDecodeException(string path, string reason, Exception? inner = null)
        : base($"Image '{path}' {reason}", inner)
    {
        Path = path;
    }

    /// <summary>The offending file.</summary>
    public string Path { get; }
}
