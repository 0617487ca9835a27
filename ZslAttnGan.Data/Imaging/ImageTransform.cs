using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ZslAttnGan.Data.Imaging;

/// <summary>
/// The reference image transform: optional bird crop, resize so the shorter side is ⌊imsize·76/64⌋ (bilinear,
/// antialiased when shrinking, as PIL's bilinear), crop imsize×imsize, horizontal flip, then the pyramid (the crop
/// resized to every smaller size) normalised to [−1, 1] as CHW float arrays.
/// </summary>
/// <remarks>Thread-safe: all per-call randomness comes from the <see cref="Random"/> argument.</remarks>
public sealed class ImageTransform
{
    private readonly ImageTransformOptions _options;
    private readonly ImageDecoder _decoder;

    /// <summary>Creates the transform.</summary>
    public ImageTransform(ImageTransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _decoder = new ImageDecoder(options.MaxPixels);
    }

    /// <summary>The options.</summary>
    public ImageTransformOptions Options => _options;

    /// <summary>Decodes and transforms one file. Returns one CHW array per size, values in [−1, 1].</summary>
    /// <param name="path">Image file.</param>
    /// <param name="box">Bounding box, or null for none.</param>
    /// <param name="random">Source of the crop position and flip.</param>
    public float[][] Load(string path, BoundingBox? box, Random random)
    {
        using var image = _decoder.Decode(path);
        return Apply(image, box, random, path);
    }

    /// <summary>Transforms a decoded image (left unchanged).</summary>
    public float[][] Apply(Image<Rgb24> source, BoundingBox? box, Random random, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(random);
        var region = new Rectangle(0, 0, source.Width, source.Height);
        if (box is { } b && _options.UseBoundingBoxes)
        {
            var crop = CropBox.ForBird(b, source.Width, source.Height);
            if (crop.Width <= 0 || crop.Height <= 0)
                throw new InvalidDataException($"Image '{name ?? "(in memory)"}': bounding box {b} gives an empty crop {crop} on a {source.Width}x{source.Height} image.");
            region = new Rectangle(crop.X1, crop.Y1, crop.Width, crop.Height);
        }

        int imsize = _options.ImageSize;
        var (rw, rh) = ShorterSideSize(region.Width, region.Height, _options.ResizeSize);
        // Random draws in the reference order: crop row, crop column, flip.
        int top = _options.RandomCrop ? random.Next(0, rh - imsize + 1) : (int)Math.Round((rh - imsize) / 2.0);
        int left = _options.RandomCrop ? random.Next(0, rw - imsize + 1) : (int)Math.Round((rw - imsize) / 2.0);
        bool flip = _options.RandomFlip && random.NextDouble() < 0.5;

        using var cropped = ResizeThenCrop(source, region, rw, rh, new Rectangle(left, top, imsize, imsize));

        var sizes = _options.Sizes;
        var result = new float[sizes.Count][];
        result[^1] = ToChw(cropped, flip);
        if (sizes.Count > 1)
        {
            // The smaller images come from the crop as the reference makes them (torchvision's Resize on the PIL image,
            // Pillow's bilinear filter, bit for bit), and flipping commutes with that symmetric resampling, so flipping
            // after the resize equals the reference's flip-then-resize.
            var bytes = GC.AllocateUninitializedArray<byte>(3 * imsize * imsize);
            cropped.CopyPixelDataTo(bytes);
            for (int i = 0; i < sizes.Count - 1; i++)
                result[i] = ToChw(ResizeLikePillow(bytes, imsize, imsize, sizes[i], sizes[i]), sizes[i], sizes[i], flip);
        }
        return result;
    }

    /// <summary>
    /// <paramref name="region"/> of <paramref name="source"/> resized to <paramref name="width"/> × <paramref name="height"/>
    /// (bilinear, as torchvision's <c>Resize</c>), then cut to <paramref name="window"/>. The resize computes only the
    /// window's pixels when it shrinks: the resampler draws the whole resized image onto a window-sized canvas at the
    /// window's negative offset, with the same kernel weights as a full resize, and skips the 30–40 % of the resized
    /// image that the crop would discard. The result is byte-identical to resize-then-crop (ImageTransformTests). When
    /// the region is enlarged, a few pixels at the window's edge came out one level apart that way, so enlargements
    /// (cheap anyway: the region is small) take the plain path.
    /// </summary>
    public static Image<Rgb24> ResizeThenCrop(Image<Rgb24> source, Rectangle region, int width, int height, Rectangle window)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (width > region.Width || height > region.Height)
            return source.Clone(ctx => ctx
                .Crop(region)
                .Resize(new ResizeOptions { Size = new Size(width, height), Sampler = KnownResamplers.Triangle, Mode = ResizeMode.Stretch })
                .Crop(window));
        return source.Clone(ctx => ctx
            .Crop(region)
            .Resize(new ResizeOptions
            {
                Size = new Size(window.Width, window.Height),
                TargetRectangle = new Rectangle(-window.X, -window.Y, width, height),
                Sampler = KnownResamplers.Triangle,
                Mode = ResizeMode.Manual,
            }));
    }

    /// <summary>torchvision's <c>Resize(int)</c> size: the shorter side becomes <paramref name="size"/>, the longer side
    /// ⌊size·long/short⌋.</summary>
    public static (int Width, int Height) ShorterSideSize(int width, int height, int size)
    {
        if (width == height) return (size, size);
        return width < height ? (size, (int)((long)size * height / width)) : ((int)((long)size * width / height), size);
    }

    /// <summary>CHW floats normalised with mean 0.5 and std 0.5 per channel, optionally mirrored.</summary>
    public static float[] ToChw(Image<Rgb24> image, bool flip) => RgbPlanes.ToChw(image, flip);

    /// <summary>CHW floats in [−1, 1] of interleaved RGB bytes (<paramref name="width"/> × <paramref name="height"/>),
    /// as <see cref="ToChw(Image{Rgb24}, bool)"/>.</summary>
    /// <exception cref="ArgumentException">The byte count is not 3 × width × height.</exception>
    public static float[] ToChw(ReadOnlySpan<byte> rgb, int width, int height, bool flip) => RgbPlanes.ToChw(rgb, width, height, flip);

    /// <summary>Interleaved RGB bytes resized as Pillow's <c>Image.resize(size, Image.BILINEAR)</c> does, bit for bit
    /// (what torchvision's <c>Resize</c> runs on the reference's PIL images); the pyramid's smaller images are made this
    /// way from the crop.</summary>
    /// <exception cref="ArgumentException">The byte count is not 3 × width × height.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static byte[] ResizeLikePillow(ReadOnlySpan<byte> rgb, int width, int height, int outWidth, int outHeight) =>
        PilBilinear.Resize(rgb, width, height, outWidth, outHeight);
}
