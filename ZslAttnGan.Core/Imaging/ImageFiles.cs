using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using ZslAttnGan.IO;

namespace ZslAttnGan.Imaging;

/// <summary>Writing preview images to disk.</summary>
public static class ImageFiles
{
    /// <summary>
    /// Saves <paramref name="image"/> as PNG at <paramref name="path"/> atomically: the bytes go to a temporary file in
    /// the same directory, which is then renamed over the target. A reader (an image viewer, a dashboard polling the
    /// preview folder) therefore never sees a half-written file, and a crash leaves at most a stray temporary file.
    /// Missing directories are created.
    /// </summary>
    /// <returns>The full path written.</returns>
    public static string SaveAsPngAtomic(this Image image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return AtomicFile.Write(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            image.Save(stream, new PngEncoder());
            stream.Flush(flushToDisk: true);
        });
    }
}
