using BenchmarkDotNet.Attributes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Benchmarks;

/// <summary>The CUB image pipeline on one thread, in total (<see cref="ImageTransform.Load"/>) and by stage, on a
/// synthetic 500×375 JPEG with a typical bird box. The reference (PIL/torchvision) needs 4.05 ms per image on one core;
/// the target is 2.70 ms (1.5× its throughput).</summary>
[Config(typeof(PipelineConfig))]
public class ImagePipelineBenchmarks
{
    private string _dir = "";
    private string _path = "";
    private ImageTransform _transform = null!;
    private ImageDecoder _decoder = null!;
    private Image<Rgb24> _source = null!;
    private Image<Rgb24> _crop256 = null!;
    private readonly Random _random = new(5);

    /// <summary>Writes the JPEG and decodes it once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"zslattngan-bdn-pipeline-{Environment.ProcessId}");
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "bird.jpg");
        var rng = new Random(3);
        using (var img = new Image<Rgb24>(500, 375))
        {
            for (int y = 0; y < 375; y++)
                for (int x = 0; x < 500; x++)
                    img[x, y] = new Rgb24((byte)(x / 2 + rng.Next(30)), (byte)(y / 2 + rng.Next(30)), (byte)((x + y) / 4 + rng.Next(30)));
            img.SaveAsJpeg(_path);
        }
        _transform = new ImageTransform(new ImageTransformOptions());
        _decoder = new ImageDecoder();
        _source = _decoder.Decode(_path);
        _crop256 = _source.Clone(ctx => ctx.Resize(256, 256));
    }

    /// <summary>Deletes the JPEG.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _source.Dispose();
        _crop256.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The whole pipeline for one image.</summary>
    [Benchmark(Baseline = true)]
    public float[][] Total() => _transform.Load(_path, ImagePipelineBench.Box, _random);

    /// <summary>Decoding only.</summary>
    [Benchmark]
    public void Decode() => _decoder.Decode(_path).Dispose();

    /// <summary>Crop, resize, random crop, flip, pyramid and tensors from a decoded image.</summary>
    [Benchmark]
    public float[][] TransformDecoded() => _transform.Apply(_source, ImagePipelineBench.Box, _random);

    /// <summary>Normalised CHW floats of the three sizes (256 shown; 128 and 64 are a third more).</summary>
    [Benchmark]
    public float[] ToTensor256() => ImageTransform.ToChw(_crop256, flip: true);
}
