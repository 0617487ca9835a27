using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Imaging;

namespace ZslAttnGan.Tests.Imaging;

public class ImageGridTests
{
    private static Image<Rgb24>[] Solid(int count, int width, int height) =>
        Enumerable.Range(0, count).Select(i => new Image<Rgb24>(width, height, new Rgb24((byte)(40 * i), 100, 200))).ToArray();

    [Fact]
    public void FillsRowsOfTheGivenWidth()
    {
        var images = Solid(5, 10, 12);
        try
        {
            var options = new ImageGridOptions { Margin = 2, Gap = 1 };
            using var grid = ImageGrid.Render(images, 3, options: options);
            Assert.Equal(2 * 2 + 3 * 10 + 2 * 1, grid.Width);
            Assert.Equal(2 * 2 + 2 * 12 + 1, grid.Height);
            // Image 4 is row 1, column 1.
            Assert.Equal(images[4][0, 0], grid[2 + 11, 2 + 13]);
            Assert.Equal(images[4][9, 11], grid[2 + 11 + 9, 2 + 13 + 11]);
            // The missing sixth cell stays background.
            Assert.Equal(options.Background, grid[2 + 22 + 5, 2 + 13 + 5]);
        }
        finally
        {
            foreach (var i in images) i.Dispose();
        }
    }

    [Fact]
    public void LabelsAndTitleAreDrawnAndCellsResized()
    {
        var images = Solid(3, 8, 8);
        try
        {
            var options = new ImageGridOptions { CellSize = 32, FontScale = 1, Margin = 0, Gap = 0, Title = "a bird" };
            using var grid = ImageGrid.Render(images, 3, new[] { "one", null, "three" }, options);
            Assert.Equal(96, grid.Width);
            Assert.Equal((9 + 1) + 10 + 32, grid.Height);
            Assert.True(Pixels.CountColour(grid, options.TextColour, 0, 0, 96, 8) > 0, "title");
            using var label = new Image<Rgb24>(32, 10, options.Background);
            BitmapFont.DrawText(label, "one", 0, 1, options.TextColour, 1);
            Assert.True(Pixels.RegionEquals(grid, 0, 10, label));
            Assert.Equal(0, Pixels.CountColour(grid, options.TextColour, 32, 10, 32, 10));
            Assert.Equal(32 * 32, Pixels.CountColour(grid, images[2][0, 0], 64, 20, 32, 32));
        }
        finally
        {
            foreach (var i in images) i.Dispose();
        }
    }

    [Fact]
    public void TensorBatchesRenderDirectly()
    {
        using var scope = NewDisposeScope();
        var batch = rand(4, 3, 16, 16).mul(Scalars.S(2)).sub(Scalars.S(1));
        using var grid = ImageGrid.Render(batch, 2, options: new ImageGridOptions { Margin = 0, Gap = 0 });
        Assert.Equal(32, grid.Width);
        Assert.Equal(32, grid.Height);
        using var third = ImageTensors.ToImage(batch[2]);
        Assert.True(Pixels.RegionEquals(grid, 0, 16, third));
    }

    [Fact]
    public void BadInputIsRejected()
    {
        var images = Solid(2, 4, 4);
        try
        {
            Assert.Equal("images", Assert.ThrowsAny<ArgumentException>(() => ImageGrid.Render(Array.Empty<Image<Rgb24>>(), 2)).ParamName);
            Assert.Equal("columns", Assert.ThrowsAny<ArgumentException>(() => ImageGrid.Render(images, 0)).ParamName);
            Assert.Equal("labels", Assert.ThrowsAny<ArgumentException>(() => ImageGrid.Render(images, 2, new[] { "x" })).ParamName);
            Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Render(images, 2, options: new ImageGridOptions { CellSize = -1 }));
            using var scope = NewDisposeScope();
            Assert.Equal("images", Assert.ThrowsAny<ArgumentException>(() => ImageGrid.Render(zeros(2, 1, 4, 4), 2)).ParamName);
        }
        finally
        {
            foreach (var i in images) i.Dispose();
        }
    }
}
