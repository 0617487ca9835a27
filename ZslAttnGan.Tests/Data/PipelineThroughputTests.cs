using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Data;
using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Text;
using Xunit.Abstractions;

namespace ZslAttnGan.Tests.Data;

/// <summary>Throughput of the image pipeline (decode CUB-sized JPEGs, bird crop, resize, crop, flip, 64/128/256 pyramid,
/// collate) with 1 and 2 workers. Prints images/s; asserts only that it runs.</summary>
[Trait("Category", "Benchmark")]
public class PipelineThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public void ImagesPerSecond_At256_With1And2Workers()
    {
        using var tmp = new TempFolder();
        const int n = 96;
        var rng = new Random(3);
        var items = new List<DatasetItem>();
        for (int i = 0; i < 8; i++)
        {
            var path = tmp.Combine($"img{i}.jpg");
            using var img = new Image<Rgb24>(500, 375);
            for (int y = 0; y < 375; y++)
                for (int x = 0; x < 500; x++)
                    img[x, y] = new Rgb24((byte)(x / 2 + rng.Next(30)), (byte)(y / 2 + rng.Next(30)), (byte)rng.Next(256));
            img.SaveAsJpeg(path);
        }
        for (int i = 0; i < n; i++)
            items.Add(new DatasetItem($"k{i}", tmp.Combine($"img{i % 8}.jpg"), 0, new BoundingBox(60, 27, 325, 304), new[] { new long[] { 1, 2, 3 } }));
        var ds = new ImageCaptionDataset(items, Vocabulary.FromWords(new[] { "<end>", "a", "b", "c" }), new[] { new DatasetClass(0, 1, "c") });

        foreach (var workers in new[] { 1, 2, 1, 2 })
        {
            var loader = new DataLoader(ds, new DataLoaderOptions { BatchSize = 16, Workers = workers });
            foreach (var b in loader.GetEpoch(0).Take(1)) b.Dispose(); // warm-up (JIT, codecs)
            var sw = Stopwatch.StartNew();
            int count = 0;
            foreach (var b in loader.GetEpoch(1)) { count += b.Size; b.Dispose(); }
            sw.Stop();
            Assert.Equal(n, count);
            output.WriteLine($"image pipeline, 500x375 JPEG -> 64/128/256, {workers} worker(s): {count / sw.Elapsed.TotalSeconds:F1} images/s");
        }
    }
}
