using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Imaging;

namespace ZslAttnGan.Tests.Imaging;

public sealed class ImageFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "zslattngan-imaging-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void WritesADecodablePngAndLeavesNoTemporaryFile()
    {
        using var scope = NewDisposeScope();
        var (images, attention) = (new[] { rand(1, 3, 8, 8).mul(Scalars.S(2)).sub(Scalars.S(1)), rand(1, 3, 16, 16).mul(Scalars.S(2)).sub(Scalars.S(1)) }, new[] { rand(1, 2, 8, 8) });
        using var grid = AttentionGrid.Render(images, attention, new[] { new[] { "red", "wing" } }, new[] { "red wing" },
                                              new AttentionGridOptions { CellSize = 32, FontScale = 1 });
        var path = Path.Combine(_directory, "nested", "preview.png");
        var written = grid.SaveAsPngAtomic(path);
        Assert.Equal(Path.GetFullPath(path), written);

        using var decoded = Image.Load<Rgb24>(path);
        Assert.Equal(grid.Width, decoded.Width);
        Assert.Equal(grid.Height, decoded.Height);
        using (var regrid = grid.Clone())
            Assert.True(Pixels.RegionEquals(decoded, 0, 0, regrid), "PNG is lossless");
        Assert.Equal(new[] { "preview.png" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void ReplacesAnExistingFile()
    {
        var path = Path.Combine(_directory, "p.png");
        Directory.CreateDirectory(_directory);
        File.WriteAllText(path, "not a png");
        using (var image = new Image<Rgb24>(3, 2, new Rgb24(1, 2, 3))) image.SaveAsPngAtomic(path);
        using var decoded = Image.Load<Rgb24>(path);
        Assert.Equal(new Rgb24(1, 2, 3), decoded[2, 1]);
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        using var image = new Image<Rgb24>(1, 1);
        Assert.ThrowsAny<ArgumentException>(() => image.SaveAsPngAtomic(" "));
        Assert.Throws<ArgumentNullException>(() => ((Image)null!).SaveAsPngAtomic("x.png"));
    }
}
