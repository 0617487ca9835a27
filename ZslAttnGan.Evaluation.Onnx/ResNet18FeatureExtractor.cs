using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// ImageNet ResNet-18 features (the 512 channels after the global average pool) of ZslAttnGan images, computed with
/// ONNX Runtime on the CPU from the two ONNX files of <see cref="ResNet18ModelFiles"/>. Deterministic: the same images
/// give the same features.
/// </summary>
/// <remarks>
/// <para>What the files expect (read from the graphs): <c>ResNetPreprocess.onnx</c> takes one image
/// [1, 3, 224, 224] as RGB planes with pixel values in [0, 255], reorders the planes to BGR and subtracts a per-pixel
/// ImageNet mean image (about 103, 116, 123 for B, G, R; no division by a standard deviation: Caffe-style input);
/// <c>ResNet18.onnx</c> (a CNTK export) takes that and returns [1, 512, 1, 1]. Both have a fixed batch of one, so
/// images run one at a time.</para>
/// <para>How ZslAttnGan images get there: generated and real evaluation images are float tensors [N, 3, H, W] with RGB
/// planes in [−1, 1] (the generator's Tanh output; real images decoded by <c>EvaluationData.LoadImages</c>). They are
/// resized to 224 × 224 with bilinear interpolation (antialiased when shrinking, as <c>ModelSampling.EncodeImages</c>
/// does), mapped to pixel values by p = (x + 1) · 127.5 and clamped to [0, 255]; no rounding to bytes. Real and
/// generated images should be compared at the same size (the metrics load real images at the generator's size), so
/// the upsampling treats both alike.</para>
/// </remarks>
public sealed class ResNet18FeatureExtractor : IDisposable
{
    /// <summary>Length of a feature vector.</summary>
    public const int Dimension = 512;

    /// <summary>Height and width of the network's input.</summary>
    public const int InputSize = 224;

    // Images converted per TorchSharp call (19 MB of input pixels); the networks still see one image at a time.
    private const int Chunk = 32;

    private readonly InferenceSession _preprocess;
    private readonly InferenceSession _network;
    private readonly string _preprocessInput, _preprocessOutput, _networkInput, _networkOutput;
    private bool _disposed;

    private ResNet18FeatureExtractor(InferenceSession preprocess, InferenceSession network, ResNet18ModelFiles files)
    {
        _preprocess = preprocess;
        _network = network;
        Files = files;
        (_preprocessInput, _preprocessOutput) = CheckShapes(preprocess, files.PreprocessPath, new long[] { 1, 3, InputSize, InputSize });
        (_networkInput, _networkOutput) = CheckShapes(network, files.NetworkPath, new long[] { 1, Dimension, 1, 1 });
    }

    /// <summary>The files the sessions were loaded from.</summary>
    public ResNet18ModelFiles Files { get; }

    /// <summary>Loads both ONNX files.</summary>
    /// <param name="files">Where they are (null: <see cref="ResNet18ModelFiles.Default"/>).</param>
    /// <param name="threads">ONNX Runtime's intra-op threads (0: its default, one per physical core).</param>
    /// <exception cref="FileNotFoundException">A file is missing (the message says how to get it).</exception>
    /// <exception cref="InvalidDataException">A file is not an ONNX model, or not one with the expected inputs and outputs.</exception>
    public static ResNet18FeatureExtractor Load(ResNet18ModelFiles? files = null, int threads = 0)
    {
        if (threads < 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must not be negative (0: ONNX Runtime's default).");
        files ??= ResNet18ModelFiles.Default;
        files.ThrowIfMissing();
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        // Evaluation shares the machine with training and TorchSharp's threads: idle ONNX Runtime threads should sleep,
        // not spin.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var preprocess = Open(files.PreprocessPath, options);
        InferenceSession? network = null;
        try
        {
            network = Open(files.NetworkPath, options);
            return new ResNet18FeatureExtractor(preprocess, network, files);
        }
        catch
        {
            preprocess.Dispose();
            network?.Dispose();
            throw;
        }
    }

    /// <summary>Features [N, 512] (float32, CPU) of images [N, 3, H, W] with values in [−1, 1] (any floating dtype and
    /// device; any size, resized to 224).</summary>
    /// <exception cref="ArgumentException">The images are not [N, 3, H, W] floating point, hold a NaN or infinity, or lie
    /// outside [−1, 1] (images in [0, 1] or [0, 255] must be converted first).</exception>
    public Tensor Extract(Tensor images, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckImages(images);
        long n = images.shape[0];
        var features = new float[n * Dimension];
        const int plane = 3 * InputSize * InputSize;
        long[] shape = { 1, 3, InputSize, InputSize };
        using var runOptions = new RunOptions();
        for (long start = 0; start < n; start += Chunk)
        {
            long rows = Math.Min(Chunk, n - start);
            using var scope = NewDisposeScope();
            var pixels = ToNetworkInput(images.narrow(0, start, rows)).data<float>().ToArray();
            for (int i = 0; i < rows; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(i * plane, plane), shape);
                using var preprocessed = _preprocess.Run(runOptions, new[] { _preprocessInput }, new[] { value }, new[] { _preprocessOutput });
                using var output = _network.Run(runOptions, new[] { _networkInput }, new[] { preprocessed[0] }, new[] { _networkOutput });
                output[0].GetTensorDataAsSpan<float>().CopyTo(features.AsSpan((int)((start + i) * Dimension), Dimension));
            }
        }
        return tensor(features, new long[] { n, Dimension });
    }

    /// <summary>Adds the features of <paramref name="images"/> (see <see cref="Extract"/>) to <paramref name="statistics"/>.</summary>
    public void Accumulate(FeatureStatistics statistics, Tensor images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Dimension != Dimension)
            throw new ArgumentException($"The statistics are {statistics.Dimension}-d; ResNet-18 features are {Dimension}-d.", nameof(statistics));
        using var features = Extract(images, cancellationToken);
        statistics.Add(features);
    }

    /// <summary>The network's input for images in [−1, 1]: [N, 3, 224, 224] float32 RGB pixel values in [0, 255] on the
    /// CPU (bilinear resize, antialiased when shrinking; then (x + 1) · 127.5, clamped).</summary>
    public static Tensor ToNetworkInput(Tensor images)
    {
        CheckImages(images);
        using var scope = NewDisposeScope();
        var x = images.detach().to(ScalarType.Float32, CPU);
        if (x.shape[2] != InputSize || x.shape[3] != InputSize)
            x = nn.functional.interpolate(x, new long[] { InputSize, InputSize }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        // Cached scalars and TensorOps.Plus: TorchSharp's tensor + number makes temporary scalars that the GC may free
        // during the native call (docs/architecture.md).
        return x.Plus(1).mul(Scalars.S(127.5)).clamp(Scalars.S(0), Scalars.S(255)).contiguous().MoveToOuterDisposeScope();
    }

    private static void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.ndim != 4 || images.shape[1] != 3 || images.shape[2] < 1 || images.shape[3] < 1)
            throw new ArgumentException($"images must be [N, 3, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        if (!images.is_floating_point())
            throw new ArgumentException($"images must be floating point in [−1, 1]; got {images.dtype}.", nameof(images));
        if (images.shape[0] == 0) return;
        using var scope = NewDisposeScope();
        var x = images.detach();
        var finite = x.isfinite().flatten(1).all(1);
        if (!finite.all().item<bool>())
        {
            long row = (~finite).nonzero()[0, 0].item<long>();
            throw new ArgumentException($"images[{row}] holds a NaN or infinite value.", nameof(images));
        }
        double min = x.min().to(ScalarType.Float64).item<double>(), max = x.max().to(ScalarType.Float64).item<double>();
        // A little slack for rounding; images in [0, 255] or [0, 1] (other conventions) are caught here rather than
        // silently clamped.
        if (min < -1.01 || max > 1.01)
            throw new ArgumentException($"images must lie in [−1, 1] (ZslAttnGan's convention); got values in [{min:G4}, {max:G4}].", nameof(images));
    }

    private static InferenceSession Open(string path, SessionOptions options)
    {
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"'{path}' could not be loaded as an ONNX model: {e.Message}", e);
        }
    }

    private static (string Input, string Output) CheckShapes(InferenceSession session, string path, long[] outputShape)
    {
        long[] inputShape = { 1, 3, InputSize, InputSize };
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
            throw new InvalidDataException($"'{path}' has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs; expected one of each.");
        var (inputName, input) = session.InputMetadata.First();
        var (outputName, output) = session.OutputMetadata.First();
        if (!input.Dimensions.Select(d => (long)d).SequenceEqual(inputShape) || !output.Dimensions.Select(d => (long)d).SequenceEqual(outputShape))
            throw new InvalidDataException($"'{path}' maps [{string.Join(", ", input.Dimensions)}] to [{string.Join(", ", output.Dimensions)}]; " +
                $"expected [{string.Join(", ", inputShape)}] to [{string.Join(", ", outputShape)}] (the files of {ResNet18ModelFiles.PackageId} {ResNet18ModelFiles.PackageVersion}).");
        return (inputName, outputName);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _preprocess.Dispose();
        _network.Dispose();
    }
}
