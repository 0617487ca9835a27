using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Generation;
using ZslAttnGan.Imaging;
using ZslAttnGan.Initialization;

namespace ZslAttnGan.Tests.Imaging;

public class AttentionGridTests
{
    private static readonly string[][] Words =
    {
        new[] { "this", "bird", "has", "crown" },
        new[] { "a", "small", "yellow", "bird", "with", "wings" },
        new[] { "red", "beak", "x" },
    };

    // No legend: these tests check the cells' layout; AttentionLegendTests checks the legend.
    private static readonly AttentionGridOptions Small = new() { CellSize = 40, FontScale = 1, MaxSamples = 2, Gap = 2, Margin = 4, Legend = false };

    /// <summary>Three stages (16, 32, 64 px) of B = 3 with smooth random content, attention for the two refinements.</summary>
    private static (Tensor[] Images, Tensor[] Attention) Inputs(long words = 6)
    {
        var g = new Generator(7);
        var images = new[] { 16, 32, 64 }
            .Select(s => nn.functional.interpolate(rand(new long[] { 3, 3, 4, 4 }, generator: g).mul(Scalars.S(2)).sub(Scalars.S(1)), new long[] { s, s }, mode: InterpolationMode.Bilinear))
            .ToArray();
        var attention = new[] { 16, 32 }.Select(s => softmax(randn(new long[] { 3, words, s, s }, generator: g) * Scalars.S(3), 1)).ToArray();
        return (images, attention);
    }

    [Fact]
    public void SizeFollowsTheLayout()
    {
        using var scope = NewDisposeScope();
        var (images, attention) = Inputs();
        using var grid = AttentionGrid.Render(images, attention, Words, options: Small);
        // columns = max(3 stages, 1 + 6 words of sample 1) = 7; rows per sample = stage row + 2 attention rows.
        int labelStrip = 8 + 2, row = labelStrip + 40;
        Assert.Equal(2 * 4 + 7 * 40 + 6 * 2, grid.Width);
        int block = 3 * row + 2 * 2;
        Assert.Equal(2 * 4 + 2 * block + (2 * 4 + 1), grid.Height);
    }

    [Fact]
    public void CaptionsAddWrappedLines()
    {
        using var scope = NewDisposeScope();
        var (images, attention) = Inputs();
        using var plain = AttentionGrid.Render(images, attention, Words, options: Small);
        var captions = new[] { "this bird has crown", new string('w', 60) + " end" };   // sample 1 wraps to two lines
        using var captioned = AttentionGrid.Render(images, attention, Words, captions, Small);
        Assert.Equal(plain.Width, captioned.Width);
        Assert.Equal(plain.Height + (1 * 9 + 1) + (2 * 9 + 1), captioned.Height);
        Assert.True(Pixels.CountColour(captioned, Small.TextColour, 4, 4, captioned.Width, 8) > 0, "caption text drawn");
    }

    [Fact]
    public void GridIsNotConstantAndWordLabelsAreDrawn()
    {
        using var scope = NewDisposeScope();
        var (images, attention) = Inputs();
        using var grid = AttentionGrid.Render(images, attention, Words, options: Small);
        Assert.True(Pixels.Distinct(grid).Count > 100);

        // Label strip of sample 0's first attention row, column 2 = its second word ("bird").
        int y = 4 + 50 + 2, x = 4 + 2 * (40 + 2);
        using var expected = new Image<Rgb24>(40, 10, Small.Background);
        BitmapFont.DrawText(expected, "bird", 0, 1, Small.TextColour, 1);
        Assert.True(Pixels.RegionEquals(grid, x, y, expected), "the word label appears exactly as the font draws it");
        Assert.True(Pixels.CountColour(grid, Small.TextColour, x, y, 40, 10) > 0);

        // "max" over the first attention cell, stage label over the first image.
        using var max = new Image<Rgb24>(40, 10, Small.Background);
        BitmapFont.DrawText(max, "max", 0, 1, Small.TextColour, 1);
        Assert.True(Pixels.RegionEquals(grid, 4, y, max));
        using var stage = new Image<Rgb24>(40, 10, Small.Background);
        BitmapFont.DrawText(stage, "16px", 0, 1, Small.TextColour, 1);
        Assert.True(Pixels.RegionEquals(grid, 4, 4, stage));

        // Sample 0 has 4 words: columns 5 and 6 of its attention rows stay empty.
        Assert.Equal(40 * 50, Pixels.CountColour(grid, Small.Background, 4 + 5 * 42, y, 40, 50));
    }

    [Fact]
    public void AttentionIsDrawnAsHeatOverTheImage()
    {
        using var scope = NewDisposeScope();
        var images = new[] { zeros(1, 3, 4, 4), zeros(1, 3, 8, 8) };
        var attention = zeros(1, 2, 4, 4);
        attention[0, 0, 0, 0] = tensor(1f);            // word 0 looks at the top-left corner only
        attention[0, 1] = full(4, 4, Scalars.S(0.25), dtype: ScalarType.Float32);            // word 1 looks everywhere evenly
        var options = Small with { AttentionAlpha = 1f, Gap = 0, Margin = 0, MaxSamples = 1 };
        using var grid = AttentionGrid.Render(images, new[] { attention }, new[] { new[] { "a", "b" } }, options: options);
        int top = 50 + 10;                              // second row's cells
        Assert.Equal(new Rgb24(255, 255, 255), grid[40, top]);          // word 0 peak: white
        Assert.Equal(new Rgb24(0, 0, 0), grid[40 + 39, top + 39]);      // far from it: black
        Assert.Equal(new Rgb24(255, 255, 255), grid[80 + 20, top + 20]); // word 1 normalised to its max everywhere
        Assert.Equal(new Rgb24(255, 255, 255), grid[0, top]);           // "max" cell at word 0's peak
    }

    [Fact]
    public void ASpreadOutMapIsStretchedSoItsPreferenceShows()
    {
        // Word 0 prefers the top-left corner only slightly (softmax weights 0.07 vs 0.062): scaled by its peak alone,
        // every pixel would be near white; stretched from its minimum, the corner is white and the rest black.
        using var scope = NewDisposeScope();
        var images = new[] { zeros(1, 3, 4, 4), zeros(1, 3, 8, 8) };
        var attention = full(1, 1, 4, 4, Scalars.S(0.062), dtype: ScalarType.Float32);
        attention[0, 0, 0, 0] = tensor(0.07f);
        var options = Small with { AttentionAlpha = 1f, Gap = 0, Margin = 0, MaxSamples = 1 };
        using var grid = AttentionGrid.Render(images, new[] { attention }, new[] { new[] { "a" } }, options: options);
        int top = 50 + 10;
        Assert.Equal(new Rgb24(255, 255, 255), grid[40, top]);
        Assert.Equal(new Rgb24(0, 0, 0), grid[40 + 39, top + 39]);
    }

    [Fact]
    public void WorksFromAGeneratorOutputAndLeavesInputsUntouched()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var g = new AttnGenerator(new GeneratorOptions(Ngf: 2, Branches: 2, ResidualBlocks: 1, WordSize: 8, ConditionSize: 8));
        ReferenceInit.Apply(g);
        g.eval();
        GeneratorOutput output;
        using (no_grad()) output = g.Generate(randn(2, 8), randn(2, 8, 5), zeros(2, 5, dtype: ScalarType.Bool));
        var before = output.Images[1].clone();
        var words = new[] { new[] { "one", "two", "three", "four", "five" }, new[] { "six", "seven" } };
        using var grid = AttentionGrid.Render(output, words, new[] { "one two three four five", "six seven" }, Small with { MaxSamples = 8 });
        Assert.True(output.Images[1].eq(before).all().item<bool>());
        Assert.Equal(2 * 4 + 6 * 40 + 5 * 2, grid.Width);
    }

    [Fact]
    public void MaxWordsLimitsColumnsAndOneStageNeedsNoAttention()
    {
        using var scope = NewDisposeScope();
        var (images, attention) = Inputs();
        using var limited = AttentionGrid.Render(images, attention, Words, options: Small with { MaxWords = 2 });
        Assert.Equal(2 * 4 + 3 * 40 + 2 * 2, limited.Width);
        using var single = AttentionGrid.Render(images.Take(1).ToArray(), Array.Empty<Tensor>(), Words, options: Small);
        Assert.Equal(2 * 4 + 40, single.Width);
    }

    [Theory]
    [InlineData("noImages")]
    [InlineData("channels")]
    [InlineData("batch")]
    [InlineData("tooManyAttention")]
    [InlineData("attentionRank")]
    [InlineData("tooManyWords")]
    [InlineData("noWords")]
    [InlineData("fewWordLists")]
    [InlineData("fewCaptions")]
    [InlineData("intImages")]
    public void BadInputThrowsArgumentExceptionNamingTheArgument(string kind)
    {
        using var scope = NewDisposeScope();
        var (images, attention) = Inputs();
        IReadOnlyList<IReadOnlyList<string>> words = Words;
        IReadOnlyList<string>? captions = null;
        string expected;
        switch (kind)
        {
            case "noImages": images = Array.Empty<Tensor>(); attention = Array.Empty<Tensor>(); expected = "images"; break;
            case "channels": images[1] = zeros(3, 4, 32, 32); expected = "images[1]"; break;
            case "batch": images[2] = zeros(2, 3, 64, 64); expected = "images[2]"; break;
            case "intImages": images[0] = zeros(new long[] { 3, 3, 16, 16 }, ScalarType.Int64); expected = "images[0]"; break;
            case "tooManyAttention": attention = attention.Append(attention[0]).ToArray(); expected = "attentionMaps"; break;
            case "attentionRank": attention[0] = zeros(3, 6, 16); expected = "attentionMaps[0]"; break;
            case "tooManyWords": (images, attention) = Inputs(words: 5); expected = "words"; break;
            case "noWords": words = new[] { Array.Empty<string>(), Words[1] }; expected = "words"; break;
            case "fewWordLists": words = Words.Take(1).ToArray(); expected = "words"; break;
            case "fewCaptions": captions = new[] { "only one" }; expected = "captions"; break;
            default: throw new InvalidOperationException(kind);
        }
        var e = Assert.ThrowsAny<ArgumentException>(() => AttentionGrid.Render(images, attention, words, captions, Small).Dispose());
        Assert.Equal(expected, e.ParamName);
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        using var scope = NewDisposeScope();
        var (images, attention) = Inputs();
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionGrid.Render(images, attention, Words, options: Small with { CellSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionGrid.Render(images, attention, Words, options: Small with { AttentionAlpha = 1.5f }));
    }

    /// <summary>Renders a full-size sample for a human to look at when ZSLATTNGAN_PREVIEW_SAMPLE names a file.</summary>
    [Fact]
    public void WritesASampleForInspectionWhenAsked()
    {
        var path = Environment.GetEnvironmentVariable("ZSLATTNGAN_PREVIEW_SAMPLE");
        if (string.IsNullOrEmpty(path)) return;
        using var scope = NewDisposeScope();
        var (images, attention) = Inputs();
        var captions = new[] { "this bird has a crown", "a small yellow bird with black wings and a short pointed beak", "red beak x" };
        using var grid = AttentionGrid.Render(images, attention, Words, captions, new AttentionGridOptions { MaxSamples = 3, CellSize = 96 });
        grid.SaveAsPngAtomic(path);
    }
}
