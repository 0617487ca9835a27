using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Data.Imaging;

/// <summary>
/// Decodes untrusted image files to RGB with ImageSharp 2.1: the header is read first and images above
/// <see cref="MaxPixels"/> are refused before any pixel buffer is allocated; JPEG and PNG files that end before their
/// end marker are refused as truncated (ImageSharp would otherwise fill the missing part with grey, silently).
/// </summary>
public sealed class ImageDecoder
{
    private readonly Configuration _configuration;

    /// <summary>Creates a decoder.</summary>
    /// <param name="maxPixels">Largest accepted width·height (default 40 megapixels; CUB's largest image is under 1 MP).</param>
    public ImageDecoder(long maxPixels = 40_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);
        MaxPixels = maxPixels;
        _configuration = Configuration.Default.Clone();
        // The loader decodes many images in parallel; nested parallelism inside one image only adds contention.
        _configuration.MaxDegreeOfParallelism = 1;
    }

    /// <summary>Largest accepted width·height.</summary>
    public long MaxPixels { get; }

    /// <summary>The ImageSharp configuration used for decoding and processing.</summary>
    public Configuration Configuration => _configuration;

    /// <summary>Decodes <paramref name="path"/> to an RGB image; the caller disposes it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageDecodeException">The file is not a decodable image, is truncated or is too large.</exception>
    public Image<Rgb24> Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        byte[] bytes = File.ReadAllBytes(path);
        IImageInfo? info;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            info = Image.Identify(_configuration, stream);
        }
        catch (Exception e) when (e is ImageFormatException or UnknownImageFormatException or InvalidImageContentException or NotSupportedException or InvalidOperationException)
        {
            throw new ImageDecodeException(path, $"could not be read: {e.Message}", e);
        }
        if (info is null) throw new ImageDecodeException(path, "is not in a supported image format (JPEG, PNG, BMP, GIF, TGA, WebP…).");
        if (info.Width <= 0 || info.Height <= 0) throw new ImageDecodeException(path, $"has an invalid size {info.Width}x{info.Height}.");
        if ((long)info.Width * info.Height > MaxPixels)
            throw new ImageDecodeException(path, $"has {info.Width}x{info.Height} pixels, above the decoder limit of {MaxPixels}.");
        CheckNotTruncated(path, bytes);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return Image.Load<Rgb24>(_configuration, stream);
        }
        catch (Exception e) when (e is ImageFormatException or UnknownImageFormatException or InvalidImageContentException or NotSupportedException or InvalidOperationException or IndexOutOfRangeException or ArgumentException)
        {
            throw new ImageDecodeException(path, $"could not be decoded: {e.Message}", e);
        }
    }

    private static void CheckNotTruncated(string path, byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            // Entropy-coded JPEG data never holds FF D9 (FF is stuffed with 00), so a missing EOI near the end means the
            // file was cut. Trailing junk after EOI is common and accepted.
            int from = Math.Max(2, bytes.Length - 4096);
            for (int i = bytes.Length - 2; i >= from; i--)
                if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9) return;
            throw new ImageDecodeException(path, "is a truncated JPEG (no end-of-image marker).");
        }
        if (bytes.Length >= 8 && bytes[0] == 0x89 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G')
        {
            var tail = bytes.AsSpan(Math.Max(0, bytes.Length - 64));
            if (tail.IndexOf("IEND"u8) < 0) throw new ImageDecodeException(path, "is a truncated PNG (no IEND chunk).");
        }
    }
}
