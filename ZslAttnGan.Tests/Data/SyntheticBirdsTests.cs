using System.Diagnostics;
using ZslAttnGan.Data;
using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Data.Synthetic;
using Xunit.Abstractions;

namespace ZslAttnGan.Tests.Data;

public class SyntheticBirdsTests(ITestOutputHelper output)
{
    [Fact]
    public void DefaultSet_WrittenFast_RoundTripsThroughCubLoaderWithSeenUnseenSplit()
    {
        using var tmp = new TempFolder();
        var sw = Stopwatch.StartNew();
        var result = SyntheticBirdsGenerator.Generate(tmp.Path);
        sw.Stop();
        output.WriteLine($"synthetic default set: {result.ImageCount} images in {sw.Elapsed.TotalSeconds:F2} s ({Environment.ProcessorCount} cores)");
        Assert.True(sw.Elapsed.TotalSeconds < 30, $"generation took {sw.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(1250, result.ImageCount);
        Assert.True(result.Species.Count >= 40);

        var seen = CubDataset.Load(new CubOptions { Root = result.Root, Split = CubSplit.Classes(result.UnseenClassesFile, listed: false) });
        var unseen = CubDataset.Load(new CubOptions { Root = result.Root, Split = CubSplit.Classes(result.UnseenClassesFile, listed: true) });
        Assert.Empty(seen.Issues);
        Assert.Equal(40, seen.Classes.Count);
        Assert.Equal(10, unseen.Classes.Count);
        Assert.Equal(1000, seen.Count);
        Assert.Equal(250, unseen.Count);
        Assert.Equal(seen.Vocabulary.ContentHash, unseen.Vocabulary.ContentHash);
        Assert.Equal(new[] { "body_colour", "wing_colour", "head_colour" }, seen.AttributeNames);
        Assert.Empty(seen.Classes.Select(c => c.Name).Intersect(unseen.Classes.Select(c => c.Name)));

        // Every unseen value occurs among the seen species; unseen combinations are new.
        var seenSpecies = result.Species.Where(s => !s.Unseen).ToList();
        foreach (var u in result.Species.Where(s => s.Unseen))
        {
            for (int a = 0; a < 3; a++) Assert.Contains(seenSpecies, s => s.Values[a] == u.Values[a]);
            Assert.DoesNotContain(seenSpecies, s => s.Values.SequenceEqual(u.Values));
        }

        // Captions mention the attributes; boxes lie inside the image; images are 128x128.
        foreach (var item in unseen.Items.Take(30))
        {
            Assert.Equal(10, item.Captions.Count);
            Assert.InRange(item.Box!.Value.X, 0, 127);
            Assert.InRange(item.Box.Value.X + item.Box.Value.Width, 1, 128);
            Assert.True(item.Box.Value.Width > 20 && item.Box.Value.Height > 15);
            var cls = result.Species.Single(s => s.Name == unseen.ClassOf(item)!.Name);
            Assert.Equal(cls.Values, item.Attributes);
        }
        using (var img = SixLabors.ImageSharp.Image.Load(seen.Items[0].ImagePath)) Assert.Equal(128, img.Width);
        Assert.All(seen.Items, i => Assert.Equal(new PixelSize(128, 128), i.Size)); // from the headers, at load

        // Batches carry the attributes.
        var loader = new DataLoader(unseen, new DataLoaderOptions { BatchSize = 8, Transform = new ImageTransformOptions { Sizes = new[] { 32, 64 } } });
        using var batch = loader.GetEpoch(0).First();
        Assert.Equal(new long[] { 8, 3 }, batch.Attributes!.shape);
        for (int r = 0; r < batch.Size; r++)
            Assert.Equal(unseen.Items[batch.DatasetIndices[r]].Attributes!.Select(v => (long)v), batch.Attributes[r].data<long>().ToArray());
        output.WriteLine("example captions: " + string.Join(" | ", File.ReadAllLines(Path.Combine(result.Root, "text", seen.Items[0].Key + ".txt")).Take(4)));
    }

    [Fact]
    public void Deterministic_ForASeed_WhateverTheWorkers()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        var small = new SyntheticBirdsOptions { Species = 8, UnseenSpecies = 2, ImagesPerSpecies = 3, ImageSize = 48, Seed = 5 };
        SyntheticBirdsGenerator.Generate(a.Path, small with { Workers = 1 });
        SyntheticBirdsGenerator.Generate(b.Path, small with { Workers = 2 });
        var files = Directory.GetFiles(a.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a.Path, f)).Order().ToList();
        Assert.Equal(files, Directory.GetFiles(b.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b.Path, f)).Order());
        foreach (var f in files) Assert.True(File.ReadAllBytes(Path.Combine(a.Path, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b.Path, f))), f);

        using var c = new TempFolder();
        SyntheticBirdsGenerator.Generate(c.Path, small with { Seed = 6 });
        Assert.NotEqual(File.ReadAllText(Path.Combine(a.Path, "bounding_boxes.txt")), File.ReadAllText(Path.Combine(c.Path, "bounding_boxes.txt")));
    }
}
