using ZslAttnGan.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Generation;
using ZslAttnGan.Imaging;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Workflows.Generation;
using ZslAttnGan.Runs;
using static TorchSharp.torch;

namespace ZslAttnGan.Tests.Cli;

public class PreviewWriterTests
{
    // A stand-in generator whose image is a flat grey set by the random source: each seed gives its own shade.
    private static GeneratorOutput Sample(Tensor captions, Tensor lengths, Generator rng)
    {
        long b = captions.shape[0];
        var shade = rand(new long[] { b, 1, 1, 1 }, generator: rng).mul(Scalars.S(2)).sub(Scalars.S(1));
        var image = shade.expand(b, 3, 16, 16).contiguous();
        return new GeneratorOutput(new[] { image }, Array.Empty<Tensor>(), zeros(b, 4), null, null);
    }

    [Fact]
    public void ComparisonGridHasOneGeneratedRowPerSeed()
    {
        using var tmp = new TempFolder();
        using var batch = new TinyBatch(new[] { zeros(2, 3, 16, 16) }, tensor(new long[] { 1, 2, 3, 1, 0, 0 }).reshape(2, 3),
            tensor(new long[] { 3, 1 }), tensor(new long[] { 0, 1 }));
        Image<Rgb24> Grid(int seeds) => Image.Load<Rgb24>(new PreviewWriter(Sample, TinyModels.Vocabulary()) { CellSize = 16, Seeds = seeds }
            .Write(batch, null, Path.Combine(tmp.Path, $"s{seeds}"), "seen", seed: 5)[1]);
        using var one = Grid(1);
        using var two = Grid(2);
        using var three = Grid(3);

        // Each further seed adds one row of cells (the titles of the 2- and 3-seed grids have the same length).
        int rowHeight = three.Height - two.Height;
        Assert.True(rowHeight > 16, $"row height {rowHeight}");

        // Below the real image (grey 128 from zeros), one cell per seed: different seeds, different shades; the first
        // seed's cell is the one-seed grid's.
        var (x, y) = FirstRealPixel(three);
        var shades = Enumerable.Range(1, 3).Select(k => three[x + 8, y + 8 + k * rowHeight]).ToList();
        Assert.Equal(3, shades.Distinct().Count());
        Assert.DoesNotContain(new Rgb24(128, 128, 128), shades);
        var (x1, y1) = FirstRealPixel(one);
        Assert.Equal(one[x1 + 8, y1 + 8 + rowHeight], shades[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreviewWriter(Sample, TinyModels.Vocabulary()) { Seeds = 0 });
    }

    [Fact]
    public void ValidationGridHasOneColumnPerCaptionAndOneRowPerSampleDrawnLikeGenerate()
    {
        using var tmp = new TempFolder();
        var captions = ValidationCaptions.Create(["w1 w2", "w3", "w4 w5 w6"], TinyModels.Vocabulary());
        var writer = new PreviewWriter(Sample, TinyModels.Vocabulary()) { CellSize = 16, Seeds = 2 };
        var path = writer.WriteValidation(captions, CPU, tmp.Path, "step-000010", seed: 11);
        Assert.Equal(Path.Combine(tmp.Path, "step-000010-validation.png"), path);
        using var grid = Image.Load<Rgb24>(path);

        // Each caption's samples come from one random source seeded like `generate --seed 11 --count 2`: the stand-in
        // generator's shades are the source's first draws, the same in every column, different between rows.
        using var rng = new Generator(11, CPU);
        var expected = ImageTensors.ToImages(Sample(zeros(2, 1, dtype: ScalarType.Int64), ones(2, dtype: ScalarType.Int64), rng).Images[0]);
        var want = expected.Select(i => i[0, 0]).ToList();
        foreach (var image in expected) image.Dispose();
        Assert.NotEqual(want[0], want[1]);
        var cells = CellsOfShade(grid, want[0]);
        Assert.Equal(3, cells.Count);                               // one per caption, in one row
        Assert.Single(cells.Select(c => c.Y).Distinct());
        var below = CellsOfShade(grid, want[1]);
        Assert.Equal(3, below.Count);
        Assert.True(below.All(c => c.Y > cells[0].Y), "the second sample is not below the first");
        Assert.Equal(cells.Select(c => c.X), below.Select(c => c.X));
    }

    // Top-left corners of the 16×16 cells filled with one colour.
    private static List<(int X, int Y)> CellsOfShade(Image<Rgb24> grid, Rgb24 shade)
    {
        var found = new List<(int X, int Y)>();
        for (int y = 0; y + 16 <= grid.Height; y++)
            for (int x = 0; x + 16 <= grid.Width; x++)
                if (grid[x, y] == shade && (x == 0 || grid[x - 1, y] != shade) && (y == 0 || grid[x, y - 1] != shade) && grid[x + 15, y + 15] == shade)
                    found.Add((x, y));
        return found;
    }

    // The top-left pixel of the first real image: the first row (top to bottom) holding the grey of a zero image.
    private static (int X, int Y) FirstRealPixel(Image<Rgb24> grid)
    {
        var grey = new Rgb24(128, 128, 128);
        for (int y = 0; y < grid.Height; y++)
            for (int x = 0; x < grid.Width; x++)
                if (grid[x, y] == grey) return (x, y);
        throw new InvalidOperationException("no real image in the grid");
    }
}
