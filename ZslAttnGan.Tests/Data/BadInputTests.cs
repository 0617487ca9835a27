using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Data;
using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Tests.Data;

public class BadInputTests
{
    private static readonly DataLoaderOptions Loader = new()
    {
        BatchSize = 12, Shuffle = false, Workers = 2, Transform = new ImageTransformOptions { Sizes = new[] { 8, 16 } },
    };

    [Fact]
    public void MissingFolder_NamesItAndLayout()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => CubDataset.Load(new CubOptions { Root = "/nonexistent/birds" }));
        Assert.Contains("/nonexistent/birds", e.Message);
        Assert.Contains("images.txt", e.Message);
    }

    [Fact]
    public void MissingFile_NamesIt()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        File.Delete(tmp.Combine("CUB_200_2011", "bounding_boxes.txt"));
        var e = Assert.Throws<FileNotFoundException>(() => CubDataset.Load(new CubOptions { Root = tmp.Path }));
        Assert.Contains("bounding_boxes.txt", e.Message);
        Assert.Contains("expected CUB-200-2011 layout", e.Message);

        TinyCub.Write(tmp.Path);
        File.Delete(tmp.Combine("text", TinyCub.Key(5) + ".txt"));
        var e2 = Assert.Throws<FileNotFoundException>(() => CubDataset.Load(new CubOptions { Root = tmp.Path }));
        Assert.Contains(TinyCub.Key(5) + ".txt", e2.Message);
        var skipped = CubDataset.Load(new CubOptions { Root = tmp.Path, BadItems = BadItemPolicy.SkipAndReport });
        Assert.Equal(11, skipped.Count);
        Assert.Contains(skipped.Issues, i => i.File.EndsWith(TinyCub.Key(5) + ".txt", StringComparison.Ordinal) && i.Kind == DataIssueKind.MissingCaptionFile);
    }

    [Fact]
    public void MalformedLine_NamesFileAndLine()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        var path = tmp.Combine("CUB_200_2011", "bounding_boxes.txt");
        var lines = File.ReadAllLines(path);
        lines[2] = "3 1.0 abc 2 2";
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<InvalidDataException>(() => CubDataset.Load(new CubOptions { Root = tmp.Path }));
        Assert.Contains(path + ":3:", e.Message);
    }

    [Fact]
    public void UndecodableAndTruncatedImages_ThrowWithPath_OrSkipAndReport()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path, jpeg: true);
        var broken = tmp.Combine("CUB_200_2011", "images", TinyCub.Key(3) + ".jpg");
        File.WriteAllText(broken, "not an image");
        var truncated = tmp.Combine("CUB_200_2011", "images", TinyCub.Key(7) + ".jpg");
        var bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length * 2 / 3).ToArray());

        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        var strict = new DataLoader(ds, Loader);
        var e = Assert.ThrowsAny<IOException>(() => { foreach (var b in strict.GetEpoch(0)) b.Dispose(); });
        Assert.True(e.Message.Contains(broken) || e.Message.Contains(truncated), e.Message);
        var t = Assert.Throws<ImageDecodeException>(() => new ImageDecoder().Decode(truncated));
        Assert.True(t.Message.Contains("truncated") || t.Message.Contains("could not be"), t.Message);
        Assert.Contains(truncated, t.Message);

        var lenient = new DataLoader(ds, Loader with { BadImages = BadItemPolicy.SkipAndReport, DropLast = false });
        var batches = lenient.GetEpoch(0).ToList();
        Assert.Single(batches);
        Assert.Equal(10, batches[0].Size);
        Assert.DoesNotContain(TinyCub.Key(3), batches[0].Keys);
        batches.ForEach(b => b.Dispose());
        Assert.Equal(2, lenient.SkippedImages.Count);
        Assert.Equal(10, lenient.PlanEpoch(1).Sum(b => b.Length));
    }

    [Fact]
    public void TooLargeImage_RefusedBeforeDecoding()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("big.png");
        using (var img = new Image<Rgb24>(300, 300)) img.SaveAsPng(path);
        var e = Assert.Throws<ImageDecodeException>(() => new ImageDecoder(maxPixels: 10_000).Decode(path));
        Assert.Contains("decoder limit", e.Message);
    }

    [Fact]
    public void ShortCaptionFile_ReportedAndNeverShifted()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        var file = tmp.Combine("text", TinyCub.Key(4) + ".txt");
        File.WriteAllLines(file, new[] { TinyCub.Caption(4, 1), "", "   ", TinyCub.Caption(4, 2) });
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        Assert.Equal(2, ds.Items[4].Captions.Count);
        Assert.Contains(ds.Issues, i => i.File == file && i.Kind == DataIssueKind.FewerCaptions && i.Message.Contains("has 2 usable captions, expected 10"));
        // The next image's captions are its own.
        Assert.Equal("class1 image5 caption1 a bird", ds.Vocabulary.Decode(ds.Items[5].Captions[1]));
        Assert.Equal(10, ds.Items[5].Captions.Count);
    }

    [Fact]
    public void EmptyAndNonAsciiCaptions()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        var file = tmp.Combine("text", TinyCub.Key(2) + ".txt");
        File.WriteAllText(file, "日本語の鳥\nA naïve Zürich bird\n!!!\n\n", new System.Text.UTF8Encoding(false));
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        Assert.Single(ds.Items[2].Captions);
        Assert.Equal("a nave zrich bird", ds.Vocabulary.Decode(ds.Items[2].Captions[0]));
        Assert.Contains(ds.Issues, i => i.File == file && i.Kind == DataIssueKind.FewerCaptions && i.Message.Contains("has 1 usable"));
        var literal = CubDataset.Load(new CubOptions { Root = tmp.Path, ReplicateEmptyCaptionBug = true });
        Assert.Single(literal.Items[2].Captions);
        Assert.Contains(literal.Issues, i => i.File == file && i.Kind == DataIssueKind.EmptyCaption && i.Message.Contains("no ASCII word"));

        File.WriteAllText(file, "日本語\n\n   \n");
        Assert.Throws<InvalidDataException>(() => CubDataset.Load(new CubOptions { Root = tmp.Path }));
        var skipped = CubDataset.Load(new CubOptions { Root = tmp.Path, BadItems = BadItemPolicy.SkipAndReport });
        Assert.DoesNotContain(skipped.Items, i => i.Key == TinyCub.Key(2));
    }

    [Fact]
    public void BoundingBoxPartlyOutsideImage_IsClamped()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path, 48, 40);
        var path = tmp.Combine("CUB_200_2011", "bounding_boxes.txt");
        var lines = File.ReadAllLines(path);
        lines[0] = "1 40.0 -5.0 30.0 20.0";
        File.WriteAllLines(path, lines);
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        Assert.Equal(new CropBox(33, 0, 48, 27), CropBox.ForBird(ds.Items[0].Box!.Value, 48, 40));
        using var batch = new DataLoader(ds, Loader).LoadBatch(new[] { 0 }, 0);
        Assert.Equal(new long[] { 1, 3, 16, 16 }, batch.Images[1].shape);

        lines[0] = "1 100.0 100.0 0.0 0.0";
        File.WriteAllLines(path, lines);
        ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        var e = Assert.Throws<InvalidDataException>(() => new DataLoader(ds, Loader).LoadBatch(new[] { 0 }, 0));
        Assert.Contains("empty crop", e.Message);
    }

    [Fact]
    public void SplitFileWithUnknownClass_NamesLine()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        var list = tmp.Combine("unseen.txt");
        File.WriteAllLines(list, new[] { "001.Bird_A", "042.Dodo" });
        var e = Assert.Throws<InvalidDataException>(() => CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.Classes(list, true) }));
        Assert.Contains(list + ":2", e.Message);
        Assert.Contains("042.Dodo", e.Message);
    }
}
