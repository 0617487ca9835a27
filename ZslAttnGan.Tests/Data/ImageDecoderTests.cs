using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Tests.Data;

public class ImageDecoderTests
{
    [Theory]
    [InlineData(".jpg")]
    [InlineData(".png")]
    public void TruncatedMidData_IsRefused(string ext)
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("noise" + ext);
        var rng = new Random(1);
        using (var img = new Image<Rgb24>(96, 96))
        {
            for (int y = 0; y < 96; y++)
                for (int x = 0; x < 96; x++)
                    img[x, y] = new Rgb24((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
            if (ext == ".jpg") img.SaveAsJpeg(path); else img.SaveAsPng(path);
        }
        using (var ok = new ImageDecoder().Decode(path)) Assert.Equal(96, ok.Width);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length * 4 / 5).ToArray());
        var e = Assert.Throws<ImageDecodeException>(() => new ImageDecoder().Decode(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void ShorterSideResize_AsTorchvision()
    {
        Assert.Equal((304, 405), ImageTransform.ShorterSideSize(300, 400, 304));
        Assert.Equal((456, 304), ImageTransform.ShorterSideSize(500, 333, 304));
        Assert.Equal((304, 304), ImageTransform.ShorterSideSize(7, 7, 304));
    }
}
