using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Tests.Data.Fuzzing;

/// <summary>The four image formats the decoder fuzz tests mutate.</summary>
public enum FuzzFormat { Jpeg, Png, Bmp, Gif }

/// <summary>A valid encoded image the fuzzer starts from.</summary>
public sealed record FuzzSeed(string Name, FuzzFormat Format, byte[] Bytes)
{
    /// <summary>Short form for the printed failing case (the bytes are rebuilt from the name).</summary>
    public override string ToString() => $"{Name} ({Bytes.Length} bytes)";
}

/// <summary>
/// Valid seed images made in memory with ImageSharp's encoders: every format in several encoder variants (colour types,
/// bit depths, interlacing, subsampling, animation) and sizes from 1×1 to 96×64, so that mutations reach the code paths
/// of each variant. Deterministic: the pixel content comes from a fixed-seed generator.
/// </summary>
public static class FuzzSeeds
{
    private static readonly (int W, int H)[] Sizes = { (1, 1), (13, 7), (96, 64) };

    private static readonly Lazy<IReadOnlyList<FuzzSeed>> LazyAll = new(Build);

    /// <summary>All seeds.</summary>
    public static IReadOnlyList<FuzzSeed> All => LazyAll.Value;

    /// <summary>The seeds of one format.</summary>
    public static IReadOnlyList<FuzzSeed> Of(FuzzFormat format) => All.Where(s => s.Format == format).ToArray();

    private static IReadOnlyList<FuzzSeed> Build()
    {
        var seeds = new List<FuzzSeed>();
        foreach (var (w, h) in Sizes)
        {
            using var image = Picture(w, h, seed: w * 31 + h);
            void Add(FuzzFormat format, string variant, IImageEncoder encoder)
            {
                using var ms = new MemoryStream();
                image.Save(ms, encoder);
                seeds.Add(new FuzzSeed($"{format}-{variant}-{w}x{h}", format, ms.ToArray()));
            }
            Add(FuzzFormat.Jpeg, "420", new JpegEncoder { Quality = 75, ColorType = JpegColorType.YCbCrRatio420 });
            Add(FuzzFormat.Jpeg, "444", new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio444 });
            Add(FuzzFormat.Jpeg, "grey", new JpegEncoder { Quality = 50, ColorType = JpegColorType.Luminance });
            Add(FuzzFormat.Png, "rgb", new PngEncoder { ColorType = PngColorType.Rgb });
            Add(FuzzFormat.Png, "rgba16-adam7", new PngEncoder { ColorType = PngColorType.RgbWithAlpha, BitDepth = PngBitDepth.Bit16, InterlaceMethod = PngInterlaceMode.Adam7 });
            Add(FuzzFormat.Png, "palette", new PngEncoder { ColorType = PngColorType.Palette });
            Add(FuzzFormat.Png, "grey", new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
            Add(FuzzFormat.Bmp, "24", new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });
            Add(FuzzFormat.Bmp, "32", new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel32 });
            Add(FuzzFormat.Bmp, "8", new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 });
            Add(FuzzFormat.Bmp, "4", new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel4 });
            Add(FuzzFormat.Gif, "global", new GifEncoder { ColorTableMode = GifColorTableMode.Global });
        }
        seeds.Add(new FuzzSeed("Gif-animated-24x16", FuzzFormat.Gif, AnimatedGif(24, 16, frames: 3)));
        return seeds;
    }

    /// <summary>An animated GIF with <paramref name="frames"/> frames of distinct content.</summary>
    public static byte[] AnimatedGif(int width, int height, int frames)
    {
        using var image = Picture(width, height, seed: 1);
        for (int f = 1; f < frames; f++)
        {
            using var next = Picture(width, height, seed: 100 + f);
            image.Frames.AddFrame(next.Frames.RootFrame);
        }
        using var ms = new MemoryStream();
        image.Save(ms, new GifEncoder { ColorTableMode = GifColorTableMode.Local });
        return ms.ToArray();
    }

    /// <summary>Gradients plus noise: compresses like a photo rather than a flat colour.</summary>
    private static Image<Rgba32> Picture(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var image = new Image<Rgba32>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                image[x, y] = new Rgba32(
                    (byte)(x * 255 / Math.Max(1, width - 1) ^ rng.Next(32)),
                    (byte)(y * 255 / Math.Max(1, height - 1) ^ rng.Next(32)),
                    (byte)rng.Next(256),
                    (byte)(200 + rng.Next(56)));
        return image;
    }
}
