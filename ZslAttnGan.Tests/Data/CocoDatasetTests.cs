using System.Collections;
using System.Text.Json;
using Razorvine.Pickle;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Data;
using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Coco;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Tests.Data;

public class CocoDatasetTests
{
    private static string Key(string split, int id) => $"COCO_{split}2014_{id:000000000000}";

    /// <summary>Official layout: 3 train images (ids 9, 25, 30) and 1 val image (id 42), 6 captions each except id 30
    /// (2 captions, one blank), instances for train with the largest object deciding the class.</summary>
    private static void WriteOfficial(string root)
    {
        void Split(string split, int[] ids)
        {
            Directory.CreateDirectory(Path.Combine(root, $"{split}2014"));
            var images = ids.Select(id => new { id, file_name = Key(split, id) + ".jpg", width = 40, height = 30 }).ToList();
            var anns = new List<object>();
            int annId = 1000;
            foreach (var id in ids.Reverse())
            {
                int n = id == 30 ? 2 : 6;
                for (int j = n - 1; j >= 0; j--)
                    anns.Add(new { id = annId-- , image_id = id, caption = id == 30 && j == 1 ? "  \n" : $"A photo {split} image{id} caption{j}.\n" });
            }
            Directory.CreateDirectory(Path.Combine(root, "annotations"));
            File.WriteAllText(Path.Combine(root, "annotations", $"captions_{split}2014.json"), JsonSerializer.Serialize(new { images, annotations = anns }));
            foreach (var id in ids)
            {
                using var img = new Image<Rgb24>(40, 30, new Rgb24((byte)id, 0, 0));
                img.SaveAsJpeg(Path.Combine(root, $"{split}2014", Key(split, id) + ".jpg"));
            }
        }
        Split("train", new[] { 9, 25, 30 });
        Split("val", new[] { 42 });
        var instances = new
        {
            annotations = new object[]
            {
                new { image_id = 9, category_id = 18, area = 50.0 }, new { image_id = 9, category_id = 1, area = 300.0 },
                new { image_id = 25, category_id = 18, area = 10.0 },
            },
            categories = new object[] { new { id = 1, name = "person" }, new { id = 18, name = "dog" } },
        };
        File.WriteAllText(Path.Combine(root, "annotations", "instances_train2014.json"), JsonSerializer.Serialize(instances));
    }

    [Fact]
    public void Official_CaptionsInAnnotationOrder_PrimaryCategory()
    {
        using var tmp = new TempFolder();
        WriteOfficial(tmp.Path);
        var ds = CocoDataset.Load(new CocoOptions { Root = tmp.Path });
        Assert.Equal(new[] { Key("train", 9), Key("train", 25), Key("train", 30) }, ds.Items.Select(i => i.Key));
        Assert.Equal(5, ds.Items[0].Captions.Count);
        Assert.Equal("a photo train image9 caption0", ds.Vocabulary.Decode(ds.Items[0].Captions[0]));
        Assert.Equal("a photo train image9 caption4", ds.Vocabulary.Decode(ds.Items[0].Captions[4]));
        Assert.Single(ds.Items[2].Captions);
        Assert.Contains(ds.Issues, i => i.Kind == DataIssueKind.FewerCaptions && i.ImageKey == Key("train", 30) && i.Message.Contains("has 1 usable captions, expected 5"));
        // Image 30 has no annotated object: no class (null), not a magic "(none)" class.
        Assert.Equal(new[] { "person", "dog" }, ds.Classes.Select(c => c.Name));
        Assert.Equal(new int?[] { 0, 1, null }, ds.Items.Select(i => i.ClassIndex));
        Assert.Null(ds.ClassOf(ds.Items[2]));
        Assert.Equal("dog", ds.ClassOf(ds.Items[1])!.Name);
        Assert.Equal(new long?[] { 9, 25, 30 }, ds.Items.Select(i => i.Id));
        Assert.All(ds.Items, i => Assert.Equal(DatasetSplit.Train, i.Split));
        Assert.All(ds.Items, i => Assert.Equal(new PixelSize(40, 30), i.Size));
        Assert.All(ds.Items, i => Assert.Null(i.Crop)); // COCO images are used whole
        Assert.True(ds.Vocabulary.Contains("image42")); // vocabulary covers train and val, as the reference

        var val = CocoDataset.Load(new CocoOptions { Root = tmp.Path, Split = "val" });
        Assert.Single(val.Items);
        Assert.Equal(42, val.Items[0].Id);
        Assert.Equal(DatasetSplit.Validation, val.Items[0].Split);
        Assert.Equal(val.Items[0].Key, val.Classes[0].Name); // no instances for val: one class per image (reference)
        Assert.Equal(ds.Vocabulary.ContentHash, val.Vocabulary.ContentHash);

        var loader = new DataLoader(ds, new DataLoaderOptions { BatchSize = 3, WordsNum = 12, Transform = new ImageTransformOptions { Sizes = new[] { 16, 32 } } });
        using var batch = loader.GetEpoch(0).Single();
        Assert.Equal(new long[] { 3, 3, 32, 32 }, batch.Images[1].shape);
        for (int r = 0; r < 3; r++)
        {
            var expected = ds.Items[batch.DatasetIndices[r]].ClassIndex;
            if (expected is { } c) Assert.Equal(c, batch.ClassIds[r].item<long>());
            else Assert.True(batch.ClassIds[r].item<long>() < 0, "an image without a class has a negative batch class id");
        }
    }

    [Fact]
    public void ImagesWithoutCategory_HaveNullClass_AndAreNeverMaskedAsOneClass()
    {
        using var tmp = new TempFolder();
        WriteOfficial(tmp.Path);
        // Only image 9 has an object: 25 and 30 have no category. The old magic "(none)" class put them in one class,
        // so DAMSM's same-class mask hid each from the other's negatives.
        var instances = new { annotations = new object[] { new { image_id = 9, category_id = 18, area = 5.0 } }, categories = new object[] { new { id = 18, name = "dog" } } };
        File.WriteAllText(tmp.Combine("annotations", "instances_train2014.json"), JsonSerializer.Serialize(instances));
        var ds = CocoDataset.Load(new CocoOptions { Root = tmp.Path });
        Assert.Equal(new[] { "dog" }, ds.Classes.Select(c => c.Name));
        Assert.Equal(new int?[] { 0, null, null }, ds.Items.Select(i => i.ClassIndex));

        var loader = new DataLoader(ds, new DataLoaderOptions { BatchSize = 3, Shuffle = false, Transform = new ImageTransformOptions { Sizes = new[] { 8 } } });
        using var batch = loader.LoadBatch(new[] { 0, 1, 2 }, 0);
        var ids = batch.ClassIds.data<long>().ToArray();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(2, ids.Count(id => id < 0));
        using var mask = ZslAttnGan.Losses.DamsmLoss.ClassMask(batch.ClassIds);
        Assert.False(mask.any().item<bool>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CaptionWithoutAsciiWord_SkippedSoTheNextIsRead_OrCountedLikeAttnGan(bool replicate)
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.Combine("annotations"));
        Directory.CreateDirectory(tmp.Combine("train2014"));
        var texts = new[] { "first bird", "日本語の鳥 — ー", "third bird", "fourth bird", "fifth bird", "sixth bird" };
        var annotations = texts.Select((t, j) => new { id = j + 1, image_id = 7, caption = t }).ToList();
        var images = new[] { new { id = 7, file_name = Key("train", 7) + ".jpg" } };
        File.WriteAllText(tmp.Combine("annotations", "captions_train2014.json"), JsonSerializer.Serialize(new { images, annotations }));
        using (var img = new Image<Rgb24>(12, 10)) img.SaveAsJpeg(tmp.Combine("train2014", Key("train", 7) + ".jpg"));

        var ds = CocoDataset.Load(new CocoOptions { Root = tmp.Path, ReplicateEmptyCaptionBug = replicate });
        var captions = ds.Items[0].Captions.Select(c => ds.Vocabulary.Decode(c)).ToList();
        if (!replicate)
        {
            Assert.Equal(new[] { "first bird", "third bird", "fourth bird", "fifth bird", "sixth bird" }, captions);
            Assert.Empty(ds.Issues);
        }
        else
        {
            Assert.Equal(new[] { "first bird", "third bird", "fourth bird", "fifth bird" }, captions);
            Assert.Contains(ds.Issues, i => i.Kind == DataIssueKind.EmptyCaption && i.ImageKey == Key("train", 7));
            Assert.Contains(ds.Issues, i => i.Kind == DataIssueKind.FewerCaptions && i.Message.Contains("has 4 usable captions, expected 5"));
        }
    }

    [Fact]
    public void AttnGanLayout_TextFilesAndOwnClassPerImage()
    {
        using var tmp = new TempFolder();
        var keys = new[] { Key("train", 1), Key("train", 2) };
        using (var p = new Pickler())
        {
            Directory.CreateDirectory(tmp.Combine("train"));
            File.WriteAllBytes(tmp.Combine("train", "filenames.pickle"), p.dumps(new ArrayList(keys)));
        }
        Directory.CreateDirectory(tmp.Combine("text"));
        Directory.CreateDirectory(tmp.Combine("images"));
        foreach (var k in keys)
        {
            File.WriteAllLines(tmp.Combine("text", k + ".txt"), Enumerable.Range(0, 5).Select(j => $"{k} says {j}"));
            using var img = new Image<Rgb24>(20, 20);
            img.SaveAsJpeg(tmp.Combine("images", k + ".jpg"));
        }
        var ds = CocoDataset.Load(new CocoOptions { Root = tmp.Path });
        Assert.Equal(keys, ds.Items.Select(i => i.Key));
        Assert.Equal(new int?[] { 0, 1 }, ds.Items.Select(i => i.ClassIndex));
        Assert.Equal(new long?[] { 1, 2 }, ds.Items.Select(i => i.Id));
        Assert.All(ds.Items, i => Assert.Equal(new PixelSize(20, 20), i.Size));
        Assert.Equal($"{keys[1].ToLowerInvariant()} says 3", ds.Vocabulary.Decode(ds.Items[1].Captions[3]));
        Assert.EndsWith(Path.Combine("images", keys[0] + ".jpg"), ds.Items[0].ImagePath);
    }

    [Fact]
    public void MissingLayout_NamesBoth()
    {
        using var tmp = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() => CocoDataset.Load(new CocoOptions { Root = tmp.Path }));
        Assert.Contains("captions_train2014.json", e.Message);
        Assert.Contains("filenames.pickle", e.Message);
        Directory.CreateDirectory(tmp.Combine("annotations"));
        File.WriteAllText(tmp.Combine("annotations", "captions_train2014.json"), "[1, 2]");
        Assert.Throws<InvalidDataException>(() => CocoDataset.Load(new CocoOptions { Root = tmp.Path }));
    }
}
