using ZslAttnGan.Data;
using ZslAttnGan.Data.Cub;

namespace ZslAttnGan.Tests.Data;

/// <summary>Caption lines without any ASCII word (attngan.md §6.3): skipped like blank lines by default, so the file's
/// next line is read; counted as empty captions with <see cref="CubOptions.ReplicateEmptyCaptionBug"/>, as AttnGAN's code
/// does. The "fewer captions" warning counts the captions left in both modes.</summary>
public class CaptionLineTests
{
    private const int Image = 2;

    /// <summary>Eleven lines: line 3 is CJK text and a dash only, line 5 mixes ASCII and CJK inside and between tokens.</summary>
    private static readonly string[] ElevenLines =
    {
        "line one bird", "line two bird", "日本語の鳥 — ー", "line four bird", "鳥bird 日本 red-wing",
        "line six bird", "line seven bird", "line eight bird", "line nine bird", "line ten bird", "eleventh line bird",
    };

    private static ImageCaptionDataset Load(string root, bool replicate) =>
        CubDataset.Load(new CubOptions { Root = root, ReplicateEmptyCaptionBug = replicate });

    private static List<string> Captions(ImageCaptionDataset ds, int image) =>
        ds.Items[image].Captions.Select(c => ds.Vocabulary.Decode(c)).ToList();

    private static string WriteLines(TempFolder tmp, IEnumerable<string> lines)
    {
        TinyCub.Write(tmp.Path);
        var file = tmp.Combine("text", TinyCub.Key(Image) + ".txt");
        File.WriteAllText(file, string.Join("\n", lines) + "\n", new System.Text.UTF8Encoding(false));
        return file;
    }

    [Fact]
    public void LineWithoutAsciiWord_IsSkipped_AndTheEleventhLineIsRead()
    {
        using var tmp = new TempFolder();
        var file = WriteLines(tmp, ElevenLines);
        var ds = Load(tmp.Path, replicate: false);
        var expected = ElevenLines.Where(l => l != ElevenLines[2]).Select(l => l == ElevenLines[4] ? "bird red wing" : l).ToList();
        Assert.Equal(expected, Captions(ds, Image));
        Assert.DoesNotContain(ds.Issues, i => i.File == file);
        Assert.Empty(ds.Issues);
    }

    [Fact]
    public void ReplicatedAttnGanCode_CountsTheEmptyCaption_AndWarnsFewerCaptions()
    {
        using var tmp = new TempFolder();
        var file = WriteLines(tmp, ElevenLines);
        var ds = Load(tmp.Path, replicate: true);
        var captions = Captions(ds, Image);
        Assert.Equal(9, captions.Count);
        Assert.Equal("line ten bird", captions[^1]);
        Assert.False(ds.Vocabulary.Contains("eleventh")); // the 11th line was never read
        Assert.Contains(ds.Issues, i => i.File == file && i.Kind == DataIssueKind.EmptyCaption && i.ImageKey == TinyCub.Key(Image));
        var fewer = Assert.Single(ds.Issues, i => i.Kind == DataIssueKind.FewerCaptions);
        Assert.Equal(file, fewer.File);
        Assert.Contains("has 9 usable captions, expected 10", fewer.Message);
    }

    /// <summary>With too few usable lines both modes keep every usable caption and warn with the count left.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ShortFileWithCjkLines_WarnsWithTheUsableCount(bool replicate)
    {
        using var tmp = new TempFolder();
        var lines = new[] { "日本", "alpha bird", "—", "鳥 ー 鳥", "", "beta bird", "gamma bird" };
        var file = WriteLines(tmp, lines);
        var ds = Load(tmp.Path, replicate);
        Assert.Equal(new[] { "alpha bird", "beta bird", "gamma bird" }, Captions(ds, Image));
        var fewer = Assert.Single(ds.Issues, i => i.Kind == DataIssueKind.FewerCaptions);
        Assert.Equal(file, fewer.File);
        Assert.Contains("has 3 usable captions, expected 10", fewer.Message);
        // "日本" and "鳥 ー 鳥" have word runs without ASCII: empty captions only in the replicated mode ("—" has no run).
        Assert.Equal(replicate ? 2 : 0, ds.Issues.Count(i => i.Kind == DataIssueKind.EmptyCaption));
    }
}
