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

    [Fact]
    public void PoseAndClutterOptions_ChangeWhatTheyName()
    {
        var small = new SyntheticBirdsOptions { Species = 6, UnseenSpecies = 2, ImagesPerSpecies = 6, ImageSize = 64, Seed = 11, Png = true, CaptionsPerImage = 2 };
        using var varied = new TempFolder();
        using var plain = new TempFolder();
        SyntheticBirdsGenerator.Generate(varied.Path, small);
        SyntheticBirdsGenerator.Generate(plain.Path, small with { MirroredBirds = false, MaxTilt = 0, BackgroundClutter = false });
        var a = Measure(varied.Path);
        var b = Measure(plain.Path);

        // Mirroring: the beak is right of the box centre for every unmirrored bird, left of it for some mirrored ones.
        Assert.All(b, m => Assert.True(m.BeakRight, "an unmirrored bird faces left"));
        Assert.Contains(a, m => !m.BeakRight);
        // Clutter: without it a background row varies only by the pixel noise (±7); with it, shaded discs break rows.
        Assert.All(b, m => Assert.True(m.BackgroundRowRange <= 16, $"plain background row range {m.BackgroundRowRange}"));
        Assert.Contains(a, m => m.BackgroundRowRange > 16);
        // The captions do not depend on the drawing options.
        foreach (var f in Directory.GetFiles(Path.Combine(varied.Path, "text"), "*.txt", SearchOption.AllDirectories))
            Assert.Equal(File.ReadAllText(f), File.ReadAllText(Path.Combine(plain.Path, Path.GetRelativePath(varied.Path, f))));

        Assert.Equal("MaxTilt", Assert.Throws<ArgumentException>(() => (small with { MaxTilt = -0.1 }).Validate()).ParamName);
    }

    private static List<(bool BeakRight, int BackgroundRowRange)> Measure(string root)
    {
        var boxes = File.ReadAllLines(Path.Combine(root, "bounding_boxes.txt")).Select(l => l.Split(' ').Skip(1)
            .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var paths = File.ReadAllLines(Path.Combine(root, "images.txt")).Select(l => Path.Combine(root, "images", l.Split(' ')[1])).ToArray();
        var result = new List<(bool, int)>();
        for (int i = 0; i < paths.Length; i++)
        {
            using var image = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(paths[i]);
            var box = boxes[i];
            double beakX = 0;
            int beakPixels = 0, range = 0;
            for (int y = 0; y < image.Height; y++)
            {
                int lo = 255, hi = 0;
                for (int x = 0; x < image.Width; x++)
                {
                    var p = image[x, y];
                    if (Math.Abs(p.R - 235) < 12 && Math.Abs(p.G - 140) < 12 && Math.Abs(p.B - 30) < 12) { beakX += x; beakPixels++; }
                    bool inBox = x >= box[0] - 1 && x <= box[0] + box[2] && y >= box[1] - 1 && y <= box[1] + box[3];
                    if (!inBox) { lo = Math.Min(lo, p.R); hi = Math.Max(hi, p.R); }
                }
                if (hi >= lo) range = Math.Max(range, hi - lo);
            }
            Assert.True(beakPixels > 0, $"no beak pixels in {paths[i]}");
            result.Add((beakX / beakPixels > box[0] + box[2] / 2, range));
        }
        return result;
    }
}
