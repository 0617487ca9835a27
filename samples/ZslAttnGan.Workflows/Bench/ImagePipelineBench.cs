using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>Milliseconds per image of the CUB image pipeline on one thread, in total and by stage.</summary>
/// <param name="Images">Images timed per stage.</param>
/// <param name="TotalMs">The real path (<see cref="ImageTransform.Load"/>: decode, bird crop, resize to 304, random crop
/// 256, flip, 64/128/256 pyramid, normalised CHW floats).</param>
/// <param name="DecodeMs">Decoding the JPEG (with the decoder's checks).</param>
/// <param name="GeometryMs">Bird crop, resize to 304 and the random 256 crop.</param>
/// <param name="PyramidMs">Resizing the 256 crop to 128 and 64 (its bytes copied out, then Pillow's bilinear filter).</param>
/// <param name="ToTensorMs">Flip and normalised CHW floats of the three sizes.</param>
public sealed record ImagePipelineTimings(int Images, double TotalMs, double DecodeMs, double GeometryMs, double PyramidMs, double ToTensorMs)
{
    /// <summary>Images per second of the real path on one thread.</summary>
    public double ImagesPerSecond => 1000.0 / TotalMs;
}

/// <summary>
/// Times the CUB image pipeline on one thread with CUB-like inputs: eight synthetic 500×375 JPEGs (smooth colour
/// gradients with noise, ImageSharp's default quality 75) and a typical bird box. Every stage is timed over the same
/// images after a warm-up; the total is the real <see cref="ImageTransform.Load"/> path.
/// </summary>
public static class ImagePipelineBench
{
    /// <summary>Bird box of the synthetic images (a typical CUB box on a 500×375 photo).</summary>
    public static readonly BoundingBox Box = new(60, 27, 325, 304);

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1.5);

    /// <summary>Runs the timings over <paramref name="images"/> images.</summary>
    public static ImagePipelineTimings Run(int images = 200)
    {
        if (images < 1) throw new ArgumentOutOfRangeException(nameof(images), images, "images must be positive.");
        string dir = Path.Combine(Path.GetTempPath(), $"zslattngan-pipeline-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var paths = WriteJpegs(dir, 8);
            var transform = new ImageTransform(new ImageTransformOptions());
            var decoder = new ImageDecoder();
            var random = new Random(5);
            string P(int i) => paths[i % paths.Count];

            double Time(Action<int> body)
            {
                // Warm-up: codec tables and the JIT's tiers. Tiered compilation promotes the hot loops to optimised
                // code in the background; 64 images left the decoder at half speed, so warm up for 1.5 s as well.
                // (Pinned to one core, tier-up also needs the CLI's call-counting setting: docs/performance.md.)
                var warm = Stopwatch.StartNew();
                for (int i = 0; i < 64 || warm.Elapsed < WarmUp; i++) body(i);
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < images; i++) body(i);
                return clock.Elapsed.TotalMilliseconds / images;
            }

            double decode = Time(i => decoder.Decode(P(i)).Dispose());
            using var source = decoder.Decode(P(0));
            var crop = CropBox.ForBird(Box, source.Width, source.Height);
            var (rw, rh) = ImageTransform.ShorterSideSize(crop.Width, crop.Height, 304);
            double geometry = Time(i => ImageTransform.ResizeThenCrop(source, new Rectangle(crop.X1, crop.Y1, crop.Width, crop.Height), rw, rh,
                new Rectangle(random.Next(0, rw - 255), random.Next(0, rh - 255), 256, 256)).Dispose());
            using var cropped = source.Clone(ctx => ctx.Resize(256, 256));
            var bytes = new byte[3 * 256 * 256];
            cropped.CopyPixelDataTo(bytes);
            double pyramid = Time(i =>
            {
                var copy = GC.AllocateUninitializedArray<byte>(bytes.Length);
                cropped.CopyPixelDataTo(copy);
                foreach (var s in new[] { 128, 64 }) ImageTransform.ResizeLikePillow(copy, 256, 256, s, s);
            });
            var b128 = ImageTransform.ResizeLikePillow(bytes, 256, 256, 128, 128);
            var b64 = ImageTransform.ResizeLikePillow(bytes, 256, 256, 64, 64);
            double toTensor = Time(i =>
            {
                bool flip = (i & 1) == 1;
                ImageTransform.ToChw(cropped, flip);
                ImageTransform.ToChw(b128, 128, 128, flip);
                ImageTransform.ToChw(b64, 64, 64, flip);
            });
            double total = Time(i => transform.Load(P(i), Box, random));
            return new ImagePipelineTimings(images, total, decode, geometry, pyramid, toTensor);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static List<string> WriteJpegs(string dir, int count)
    {
        var rng = new Random(3);
        var paths = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var path = Path.Combine(dir, $"img{i}.jpg");
            using var img = new Image<Rgb24>(500, 375);
            for (int y = 0; y < 375; y++)
                for (int x = 0; x < 500; x++)
                    img[x, y] = new Rgb24((byte)(x / 2 + rng.Next(30)), (byte)(y / 2 + rng.Next(30)), (byte)((x + y + i * 40) / 4 + rng.Next(30)));
            img.SaveAsJpeg(path);
            paths.Add(path);
        }
        return paths;
    }
}
