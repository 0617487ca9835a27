using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Tests.Data;

/// <summary>The transform's windowed resize is the reference's resize-then-crop, byte for byte.</summary>
public class ImageTransformTests
{
    [Theory]
    [InlineData(500, 375, 60, 27, 265, 277, 304, 256, 1)]
    [InlineData(500, 375, 0, 0, 500, 375, 304, 256, 2)]
    [InlineData(320, 480, 10, 30, 200, 310, 76, 64, 3)]
    [InlineData(128, 128, 0, 0, 128, 128, 76, 64, 4)]
    [InlineData(90, 70, 5, 5, 80, 60, 304, 256, 5)]   // upscaling
    public void WindowedResizeEqualsResizeThenCrop(int w, int h, int rx, int ry, int rw, int rh, int resize, int crop, int seed)
    {
        var rng = new Random(seed);
        using var source = new Image<Rgb24>(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                source[x, y] = new Rgb24((byte)rng.Next(256), (byte)((x * 3 + y) % 256), (byte)rng.Next(256));
        var region = new Rectangle(rx, ry, rw, rh);
        var (sw, sh) = ImageTransform.ShorterSideSize(rw, rh, resize);
        for (int trial = 0; trial < 4; trial++)
        {
            var window = new Rectangle(rng.Next(0, sw - crop + 1), rng.Next(0, sh - crop + 1), crop, crop);
            using var expected = source.Clone(ctx => ctx
                .Crop(region)
                .Resize(new ResizeOptions { Size = new SixLabors.ImageSharp.Size(sw, sh), Sampler = KnownResamplers.Triangle, Mode = ResizeMode.Stretch })
                .Crop(window));
            using var actual = ImageTransform.ResizeThenCrop(source, region, sw, sh, window);
            Assert.Equal(expected.Width, actual.Width);
            Assert.Equal(expected.Height, actual.Height);
            int differing = 0;
            for (int y = 0; y < crop; y++)
                for (int x = 0; x < crop; x++)
                    if (!expected[x, y].Equals(actual[x, y])) differing++;
            Assert.True(differing == 0, $"{differing} of {crop * crop} pixels differ for window {window}");
        }
    }

    [Theory]
    [InlineData(256, 256, false)]
    [InlineData(256, 256, true)]
    [InlineData(37, 5, true)]   // a width that is no multiple of 16: the scalar tail
    [InlineData(15, 3, false)]
    public void ToChwIsTheReferenceFormulaForEveryByte(int w, int h, bool flip)
    {
        var rng = new Random(w * 31 + h);
        using var image = new Image<Rgb24>(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                image[x, y] = new Rgb24((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        var chw = ImageTransform.ToChw(image, flip);
        Assert.Equal(3 * w * h, chw.Length);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var p = image[flip ? w - 1 - x : x, y];
                int o = y * w + x;
                Assert.Equal((p.R / 255f - 0.5f) / 0.5f, chw[o]);
                Assert.Equal((p.G / 255f - 0.5f) / 0.5f, chw[w * h + o]);
                Assert.Equal((p.B / 255f - 0.5f) / 0.5f, chw[2 * w * h + o]);
            }
    }
}
