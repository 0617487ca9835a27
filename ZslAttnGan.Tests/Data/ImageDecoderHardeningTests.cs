using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Tests.Data.Fuzzing;

namespace ZslAttnGan.Tests.Data;

/// <summary>
/// The defects the decoder fuzz tests found in ImageSharp 2.1.13, one reproducible case each, through the file API the
/// loaders use: hangs, runtime exceptions and memory blow-ups become <see cref="ImageDecodeException"/>s naming the file.
/// </summary>
public class ImageDecoderHardeningTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 9)]
    [InlineData(4, 4)]
    public void InterlacedPng_NarrowerThan5Pixels_RefusedInsteadOfHanging(int width, int height)
    {
        // ImageSharp 2.1.13 busy-loops forever on these valid files (its Adam7 loop starts the pass after an empty one
        // at the wrong row and then waits for data that never comes).
        using var tmp = new TempFolder();
        var path = tmp.Combine("narrow.png");
        File.WriteAllBytes(path, Encode(width, height, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 }));
        var e = DecodeWithin(path, Timeout);
        Assert.Contains(path, e.Message);
        Assert.Contains("interlaced PNG", e.Message);
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(13, 7)]
    [InlineData(96, 64)]
    public void InterlacedPng_OfUsualWidth_DecodesToTheSamePixelsAsNonInterlaced(int width, int height)
    {
        using var tmp = new TempFolder();
        var interlaced = tmp.Combine("adam7.png");
        var plain = tmp.Combine("plain.png");
        File.WriteAllBytes(interlaced, Encode(width, height, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 }));
        File.WriteAllBytes(plain, Encode(width, height, new PngEncoder()));
        var decoder = new ImageDecoder();
        using var a = decoder.Decode(interlaced);
        using var b = decoder.Decode(plain);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                Assert.Equal(b[x, y], a[x, y]);
    }

    [Fact]
    public void InterlacedPng_WithHalfItsImageData_RefusedInsteadOfHanging()
    {
        // A truncated file that still ends with IEND and has valid CRCs: the truncation check passes, ImageSharp hangs.
        var bytes = Encode(96, 64, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7, ColorType = PngColorType.Rgb });
        var (offset, length, _) = HeaderFields.PngChunks(bytes).Single(c => c.Type == "IDAT");
        int keep = length / 2;
        byte[] cut = [.. bytes.AsSpan(0, offset), .. bytes.AsSpan(offset, 8 + keep), 0, 0, 0, 0, .. bytes.AsSpan(offset + 12 + length)];
        new HeaderField("IDAT.length", FieldKind.Length, offset, 4, true).Write(cut, (ulong)keep);
        HeaderFields.RepairPngCrcs(cut);
        using var tmp = new TempFolder();
        var path = tmp.Combine("cut.png");
        File.WriteAllBytes(path, cut);
        var e = DecodeWithin(path, Timeout);
        Assert.Contains("interlaced PNG whose image data is shorter", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-32744)] // 24 with the sign bit set: one flipped bit
    public void Bmp_WithAnUndefinedBitDepth_ThrowsImageDecodeException(short depth)
    {
        // ImageSharp 2.1.13 throws DivideByZeroException for depths up to 8 that BMP does not define.
        var bytes = Encode(5, 4, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });
        new HeaderField("biBitCount", FieldKind.Other, 28, 2, false).Write(bytes, (ulong)(ushort)depth);
        using var tmp = new TempFolder();
        var path = tmp.Combine("depth.bmp");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ImageDecodeException>(() => new ImageDecoder().Decode(path));
        Assert.Contains(path, e.Message);
    }

    // A 1x1 4-bit BMP whose pixel-data offset says 512 MiB: ImageSharp 2.1.13 sizes the palette from that offset and
    // allocates it with new byte[] while reading the header, twice (Identify, then Load). Also cut to 29 bytes, inside
    // the info header (found by the fuzz test: 256 MiB allocated for such a file).
    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    public void Bmp_ClaimingPixelDataBeyondItsEnd_RefusedWithoutAllocatingIt(int cutTo)
    {
        var bytes = Encode(1, 1, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel4 });
        bytes[13] ^= 0x20;
        if (cutTo > 0) bytes = bytes[..cutTo];
        using var tmp = new TempFolder();
        var path = tmp.Combine("offset.bmp");
        File.WriteAllBytes(path, bytes);
        var decoder = new ImageDecoder();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Record.Exception(() => decoder.Decode(path).Dispose());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 << 20, $"allocated {allocated >> 20} MiB for a {bytes.Length}-byte file");
        Assert.IsType<ImageDecodeException>(e);
        Assert.Contains("beyond", e.Message);
    }

    [Fact]
    public void Jpeg_ThatMakesImageSharpThrowNullReference_ThrowsImageDecodeException()
    {
        // Found by the fuzzer: one flipped bit in a 1x1 4:2:0 JPEG's scan header; ImageSharp throws
        // NullReferenceException in JpegComponentPostProcessor.CopyBlocksToColorBuffer.
        var seed = FuzzSeeds.All.Single(s => s.Name == "Jpeg-420-1x1");
        var bytes = new FuzzCase(seed, [new FlipBit(2441, 1)], RepairCrcs: false).Build();
        using var tmp = new TempFolder();
        var path = tmp.Combine("flip.jpg");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ImageDecodeException>(() => new ImageDecoder().Decode(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void AnimatedGif_DecodesOnlyItsFirstFrame()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("anim.gif");
        File.WriteAllBytes(path, FuzzSeeds.AnimatedGif(24, 16, frames: 5));
        using var image = new ImageDecoder().Decode(path);
        Assert.Single(image.Frames);
        Assert.Equal((24, 16), (image.Width, image.Height));
    }

    [Fact]
    public void FileAboveMaxFileBytes_RefusedBeforeDecoding()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("big.png");
        var bytes = Encode(64, 64, new PngEncoder());
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ImageDecodeException>(() => new ImageDecoder(maxFileBytes: bytes.Length - 1).Decode(path));
        Assert.Contains($"above the decoder limit of {bytes.Length - 1}", e.Message);
        using var ok = new ImageDecoder(maxFileBytes: bytes.Length).Decode(path);
        Assert.Equal(64, ok.Width);
        Assert.Throws<ImageDecodeException>(() => new ImageDecoder(maxFileBytes: 10).Decode(bytes, "upload-7"));
    }

    [Fact]
    public void UnfuzzedFormats_RefusedByDefault_AcceptedOnRequest()
    {
        using var tmp = new TempFolder();
        var tga = tmp.Combine("a.tga");
        var tiff = tmp.Combine("a.tiff");
        File.WriteAllBytes(tga, Encode(8, 6, new TgaEncoder()));
        File.WriteAllBytes(tiff, Encode(8, 6, new TiffEncoder()));
        foreach (var path in new[] { tga, tiff })
        {
            var e = Assert.Throws<ImageDecodeException>(() => new ImageDecoder().Decode(path));
            Assert.Contains("acceptUnfuzzedFormats", e.Message);
            using var image = new ImageDecoder(acceptUnfuzzedFormats: true).Decode(path);
            Assert.Equal((8, 6), (image.Width, image.Height));
        }
    }

    [Theory]
    [InlineData(FuzzFormat.Jpeg)]
    [InlineData(FuzzFormat.Png)]
    [InlineData(FuzzFormat.Bmp)]
    [InlineData(FuzzFormat.Gif)]
    public void HugeDimensionsInTheHeader_RefusedBeforeAnyPixelBufferIsAllocated(FuzzFormat format)
    {
        var seed = FuzzSeeds.Of(format).First(s => s.Name.EndsWith("13x7"));
        // Above the default 40-megapixel limit in every format; PNG and BMP hold 32-bit sizes, so also beyond int and
        // negative ones (BMP's height sign means top-down).
        var claims = new List<(ulong, ulong)> { (65535, 65535), (40_000, 40_000), (65535, 1000) };
        if (format is FuzzFormat.Png or FuzzFormat.Bmp) claims.AddRange([(uint.MaxValue, 7), (0x80000000, 0x80000000), (7, 0x80000001), (1 << 20, 1 << 20)]);
        foreach (var (w, h) in claims)
        {
            var bytes = new FuzzCase(seed, [new ClaimSize(w, h)], RepairCrcs: true).Build();
            var decoder = new ImageDecoder();
            decoder.Configuration.MemoryAllocator = new SixLabors.ImageSharp.Memory.SimpleGcMemoryAllocator(); // count pixel buffers too
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Record.Exception(() => decoder.Decode(bytes, "huge-header").Dispose());
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var refused = Assert.IsType<ImageDecodeException>(e);
            Assert.Contains("huge-header", refused.Message);
            Assert.True(allocated < 16 << 20, $"{format} claiming {w}x{h}: allocated {allocated >> 20} MiB");
        }
    }

    private static ImageDecodeException DecodeWithin(string path, TimeSpan timeout)
    {
        Exception? thrown = null;
        var thread = new Thread(() => thrown = Record.Exception(() => new ImageDecoder().Decode(path).Dispose())) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(timeout), $"decoding {path} did not finish within {timeout.TotalSeconds} s");
        return Assert.IsType<ImageDecodeException>(thrown);
    }

    private static byte[] Encode(int width, int height, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)(x * 37 + y), (byte)(y * 53), (byte)(x ^ y));
        using var ms = new MemoryStream();
        image.Save(ms, encoder);
        return ms.ToArray();
    }
}
