using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Data;
using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Tests.Data;

/// <summary>What the loader tells about each image without decoding it again: id, split, size, crop; and data issues
/// with a kind besides the message.</summary>
public class DatasetItemFactsTests
{
    [Fact]
    public void CubItems_CarryIdSplitSizeAndTheCropTheTransformApplies()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path, width: 60, height: 44);
        // Image 5 gets a box near the right border, so its crop is clamped and not square.
        var boxes = tmp.Combine("CUB_200_2011", "bounding_boxes.txt");
        var lines = File.ReadAllLines(boxes);
        lines[5] = "6 41.0 10.0 18.0 12.0";
        File.WriteAllLines(boxes, lines);
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        for (int i = 0; i < ds.Count; i++)
        {
            var item = ds.Items[i];
            Assert.Equal(i + 1, item.Id);
            Assert.Equal(i % 2 == 0 ? DatasetSplit.Train : DatasetSplit.Test, item.Split); // TinyCub flags even images
            Assert.Equal(new PixelSize(60, 44), item.Size);
            Assert.Equal(CropBox.ForBird(item.Box!.Value, 60, 44), item.Crop);
        }
        Assert.Equal(new CropBox(37, 3, 60, 29), ds.Items[5].Crop); // r = 13 around (50, 16), clamped at x = 60

        // The crop is the one the transform applies: a uniform-colour image with a marked crop region decodes to the mark.
        var path = ds.Items[5].ImagePath;
        using (var img = new Image<Rgb24>(60, 44, new Rgb24(0, 0, 0)))
        {
            var c = ds.Items[5].Crop!.Value;
            for (int y = c.Y1; y < c.Y2; y++)
                for (int x = c.X1; x < c.X2; x++) img[x, y] = new Rgb24(255, 255, 255);
            img.SaveAsPng(path);
        }
        var transform = new ImageTransform(new ImageTransformOptions { Sizes = new[] { 16 }, RandomCrop = false, RandomFlip = false });
        var chw = transform.Load(path, ds.Items[5].Box, new Random(0))[0];
        Assert.All(chw, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void SplitIsNullWithoutTrainTestSplitFile()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        File.Delete(tmp.Combine("CUB_200_2011", "train_test_split.txt"));
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        Assert.All(ds.Items, i => Assert.Null(i.Split));
        Assert.All(ds.Items, i => Assert.NotNull(i.Id));
    }

    [Fact]
    public void SizeIsReadFromTheHeader_UnreadableHeadersAndEmptyCropsAreReportedWithAKind()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path, jpeg: true);
        var broken = tmp.Combine("CUB_200_2011", "images", TinyCub.Key(3) + ".jpg");
        File.WriteAllText(broken, "not an image");
        // A JPEG cut inside its scan data keeps a readable header: its size is known at load (no pixel is decoded then),
        // decoding still refuses it later.
        var truncated = tmp.Combine("CUB_200_2011", "images", TinyCub.Key(7) + ".jpg");
        var bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length - 8).ToArray());
        var boxes = tmp.Combine("CUB_200_2011", "bounding_boxes.txt");
        var lines = File.ReadAllLines(boxes);
        lines[1] = "2 100.0 100.0 0.0 0.0";
        File.WriteAllLines(boxes, lines);

        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path });
        Assert.Equal(12, ds.Count);
        Assert.Null(ds.Items[3].Size);
        Assert.Null(ds.Items[3].Crop);
        var unreadable = Assert.Single(ds.Issues, i => i.Kind == DataIssueKind.UnreadableImage);
        Assert.Equal((broken, TinyCub.Key(3)), (unreadable.File, unreadable.ImageKey));
        Assert.Equal(new PixelSize(48, 40), ds.Items[7].Size);
        Assert.Throws<ImageDecodeException>(() => new ImageDecoder().Decode(truncated));
        var empty = Assert.Single(ds.Issues, i => i.Kind == DataIssueKind.EmptyCrop);
        Assert.Equal(TinyCub.Key(1), empty.ImageKey);
        Assert.True(ds.Items[1].Crop!.Value.Width <= 0);

        var loader = new DataLoader(ds, new DataLoaderOptions
        {
            BatchSize = 12, Shuffle = false, DropLast = false, BadImages = BadItemPolicy.SkipAndReport,
            Transform = new ImageTransformOptions { Sizes = new[] { 8 } },
        });
        var batches = loader.GetEpoch(0).ToList();
        batches.ForEach(b => b.Dispose());
        Assert.All(loader.SkippedImages, i => Assert.Equal(DataIssueKind.UndecodableImage, i.Kind));
        Assert.Equal(new[] { TinyCub.Key(1), TinyCub.Key(3), TinyCub.Key(7) }, loader.SkippedImages.Select(i => i.ImageKey));
    }

    [Fact]
    public void CaptionIssues_HaveKindsAndImageKeys()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        File.Delete(tmp.Combine("text", TinyCub.Key(5) + ".txt"));
        File.WriteAllText(tmp.Combine("text", TinyCub.Key(6) + ".txt"), "!!!\n\n");
        File.WriteAllLines(tmp.Combine("text", TinyCub.Key(8) + ".txt"), new[] { TinyCub.Caption(8, 1), TinyCub.Caption(8, 2) });
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path, BadItems = BadItemPolicy.SkipAndReport });
        Assert.Equal(10, ds.Count);
        Assert.Equal(TinyCub.Key(5), Assert.Single(ds.Issues, i => i.Kind == DataIssueKind.MissingCaptionFile).ImageKey);
        Assert.Equal(TinyCub.Key(6), Assert.Single(ds.Issues, i => i.Kind == DataIssueKind.NoUsableCaption).ImageKey);
        Assert.Equal(TinyCub.Key(8), Assert.Single(ds.Issues, i => i.Kind == DataIssueKind.FewerCaptions).ImageKey);

        // A given vocabulary without some words: unknown words summarised, captions without a known word left out.
        var vocabulary = ZslAttnGan.Text.Vocabulary.FromWords(ds.Vocabulary.Words.Where(w => w != "caption1" && w != "a" && w != "bird"));
        File.WriteAllLines(tmp.Combine("text", TinyCub.Key(9) + ".txt"), Enumerable.Range(0, 10).Select(j => j == 4 ? "a bird" : TinyCub.Caption(9, j)));
        var encoded = CubDataset.Load(new CubOptions { Root = tmp.Path, BadItems = BadItemPolicy.SkipAndReport, Vocabulary = vocabulary });
        Assert.Single(encoded.Issues, i => i.Kind == DataIssueKind.UnknownWords);
        var dropped = Assert.Single(encoded.Issues, i => i.Kind == DataIssueKind.CaptionWithoutKnownWord);
        Assert.Equal(TinyCub.Key(9), dropped.ImageKey);
        // The fewer-captions warning counts what is left after the drop.
        Assert.Contains(encoded.Issues, i => i.Kind == DataIssueKind.FewerCaptions && i.ImageKey == TinyCub.Key(9) && i.Message.Contains("has 9 usable"));
    }

    [Fact]
    public void IssuesCreatedWithoutKind_AreOther_AndKeepTheirText()
    {
        var issue = new DataIssue("a.txt", 3, "something");
        Assert.Equal(DataIssueKind.Other, issue.Kind);
        Assert.Null(issue.ImageKey);
        Assert.Equal("a.txt:3: something", issue.ToString());
        var kinded = new DataIssue(DataIssueKind.FewerCaptions, "b.txt", "has 2", "key");
        Assert.Equal(("b.txt", (int?)null, "has 2", "key"), (kinded.File, kinded.Line, kinded.Message, kinded.ImageKey));
    }
}
