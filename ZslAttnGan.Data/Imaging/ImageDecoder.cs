using System.Collections.Concurrent;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Data.Imaging;

/// <summary>
/// Decodes untrusted image files to RGB with ImageSharp 2.1. Files above <see cref="MaxFileBytes"/> are refused before
/// they are read; the header is read next and images above <see cref="MaxPixels"/> are refused before any pixel buffer
/// is allocated; JPEG and PNG files that end before their end marker are refused as truncated (ImageSharp would
/// otherwise fill the missing part with grey, silently); inputs on which ImageSharp 2.1.13 is known to hang or crash are
/// refused by explicit checks. Only JPEG, PNG, BMP and GIF are accepted by default (the formats the fuzz tests cover),
/// and only the first frame of an animation is decoded. Every failure is an <see cref="ImageDecodeException"/> naming
/// the file.
/// </summary>
/// <remarks>
/// Decoding cannot be cancelled or timed out (ImageSharp 2.1 decoders take no cancellation outside JPEG): the pixel and
/// file-size limits bound the work instead. For files from people you do not trust, decode in a separate process with
/// an OS memory and time limit (see docs/datasets.md).
/// </remarks>
public sealed class ImageDecoder
{
    /// <summary>Default <see cref="MaxFileBytes"/>: 256 MiB (a 40-megapixel 32-bit BMP is 160 MB; CUB JPEGs are under 1 MB).</summary>
    public const long DefaultMaxFileBytes = 256L << 20;

    // One allocator per allocation cap, shared by all decoders with that cap, so that their memory pools do not multiply.
    private static readonly ConcurrentDictionary<int, MemoryAllocator> Allocators = new();

    private readonly Configuration _configuration;

    /// <summary>Creates a decoder.</summary>
    /// <param name="maxPixels">Largest accepted width·height (default 40 megapixels; CUB's largest image is under 1 MP).</param>
    /// <param name="maxFileBytes">Largest accepted file, in bytes (default <see cref="DefaultMaxFileBytes"/>).</param>
    /// <param name="acceptUnfuzzedFormats">Also accept TGA, WebP, TIFF and PBM. Off by default: this project does not fuzz
    /// those decoders, and ImageSharp's TIFF decoder has the most published advisories.</param>
    public ImageDecoder(long maxPixels = 40_000_000, long maxFileBytes = DefaultMaxFileBytes, bool acceptUnfuzzedFormats = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFileBytes);
        MaxPixels = maxPixels;
        MaxFileBytes = maxFileBytes;
        AcceptsUnfuzzedFormats = acceptUnfuzzedFormats;
        _configuration = acceptUnfuzzedFormats
            ? new Configuration(new JpegConfigurationModule(), new PngConfigurationModule(), new BmpConfigurationModule(), new GifConfigurationModule(),
                new TgaConfigurationModule(), new WebpConfigurationModule(), new TiffConfigurationModule(), new PbmConfigurationModule())
            : new Configuration(new JpegConfigurationModule(), new PngConfigurationModule(), new BmpConfigurationModule(), new GifConfigurationModule());
        // The loader decodes many images in parallel; nested parallelism inside one image only adds contention.
        _configuration.MaxDegreeOfParallelism = 1;
        // Only the first frame is used; decoding every frame of an animation costs frames × pixels of memory.
        _configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        if (acceptUnfuzzedFormats)
            _configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        // Defence in depth: no single buffer above 8 bytes per pixel of the limit (the RGB result needs 3).
        int capMegabytes = (int)Math.Clamp(maxPixels * 8 / (1 << 20) + 16, 64, int.MaxValue);
        _configuration.MemoryAllocator = Allocators.GetOrAdd(capMegabytes,
            mb => MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = mb }));
    }

    /// <summary>Largest accepted width·height.</summary>
    public long MaxPixels { get; }

    /// <summary>Largest accepted file size in bytes.</summary>
    public long MaxFileBytes { get; }

    /// <summary>Whether TGA, WebP, TIFF and PBM are accepted besides JPEG, PNG, BMP and GIF.</summary>
    public bool AcceptsUnfuzzedFormats { get; }

    /// <summary>The ImageSharp configuration used for decoding and processing.</summary>
    public Configuration Configuration => _configuration;

    /// <summary>Decodes <paramref name="path"/> to an RGB image; the caller disposes it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageDecodeException">The file is not a decodable image, is truncated or is too large.</exception>
    public Image<Rgb24> Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileInfo(path);
        if (!file.Exists) throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        if (file.Length > MaxFileBytes)
            throw new ImageDecodeException(path, $"has {file.Length} bytes, above the decoder limit of {MaxFileBytes}.");
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes an image held in memory (for example an upload) to RGB; the caller disposes it.</summary>
    /// <param name="bytes">The encoded image.</param>
    /// <param name="name">The name errors give for it (a file name or an upload id).</param>
    /// <exception cref="ImageDecodeException">The bytes are not a decodable image, are truncated or are too large.</exception>
    public Image<Rgb24> Decode(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(name);
        if (bytes.Length > MaxFileBytes)
            throw new ImageDecodeException(name, $"has {bytes.Length} bytes, above the decoder limit of {MaxFileBytes}.");
        // Before Identify: some of the defects these checks catch already strike while ImageSharp reads the header.
        if (ImageSharpGuards.FindDefect(bytes, MaxPixels) is { } defect) throw new ImageDecodeException(name, defect);
        IImageInfo? info;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            info = Image.Identify(_configuration, stream);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new ImageDecodeException(name, $"could not be read: {Describe(e)}", e);
        }
        if (info is null)
            throw new ImageDecodeException(name, AcceptsUnfuzzedFormats
                ? "is not in a supported image format (JPEG, PNG, BMP, GIF, TGA, WebP, TIFF, PBM)."
                : "is not in an accepted image format (JPEG, PNG, BMP, GIF; see ImageDecoder's acceptUnfuzzedFormats).");
        if (info.Width <= 0 || info.Height <= 0) throw new ImageDecodeException(name, $"has an invalid size {info.Width}x{info.Height}.");
        if ((long)info.Width * info.Height > MaxPixels)
            throw new ImageDecodeException(name, $"has {info.Width}x{info.Height} pixels, above the decoder limit of {MaxPixels}.");
        CheckNotTruncated(name, bytes);
        Image<Rgb24>? image = null;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            image = Image.Load<Rgb24>(_configuration, stream);
            while (image.Frames.Count > 1) image.Frames.RemoveFrame(image.Frames.Count - 1);
            if ((long)image.Width * image.Height <= MaxPixels) return image;
            var (w, h) = (image.Width, image.Height);
            image.Dispose();
            throw new ImageDecodeException(name, $"decoded to {w}x{h} pixels, above the decoder limit of {MaxPixels} (its header said {info.Width}x{info.Height}).");
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            image?.Dispose();
            throw new ImageDecodeException(name, $"could not be decoded: {Describe(e)}", e);
        }
    }

    /// <summary>
    /// Whether an exception from ImageSharp means "this input cannot be decoded". ImageSharp 2.1's own errors
    /// (ImageFormatException, UnknownImageFormatException, InvalidImageContentException, InvalidMemoryOperationException
    /// for sizes over the allocation cap, NotSupportedException) are expected; on malformed data its decoders also throw
    /// runtime errors (the fuzz tests found NullReferenceException, DivideByZeroException, IndexOutOfRangeException,
    /// ArgumentException…) that no pre-check can enumerate, so those map to <see cref="ImageDecodeException"/> too, with
    /// the original as inner exception. Our own <see cref="ImageDecodeException"/> passes through unchanged.
    /// </summary>
    private static bool IsDecoderFailure(Exception e) => e is not ImageDecodeException;

    private static string Describe(Exception e) =>
        e is ImageFormatException or UnknownImageFormatException or InvalidImageContentException or InvalidMemoryOperationException or NotSupportedException
            ? e.Message
            : $"the decoder failed on malformed data ({e.GetType().Name}: {e.Message})";

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
