using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Vision;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// A small CNN that reads attribute values (e.g. body, wing and head colour of the synthetic birds) off an image, to
/// judge generated images by what they show, independently of the model's own encoders. Three stages of one
/// <see cref="ConvBnLeakyRelu"/> (3 × 3 convolution, BatchNorm, LeakyReLU) with 2 × 2 average pooling between them
/// (widths w, 2w, 4w), then the global average and the global maximum of the last map side by side, and one linear head
/// per attribute.
/// </summary>
/// <remarks>
/// <para>Why this shape: reading a colour is easy, knowing which part it belongs to is not. Stride-1 3 × 3 convolutions
/// keep the thin bands of body around a wing at 32 px (the former 4 × 4 stride-2 design blurred them away), and the
/// global maximum keeps a small part's evidence (a head is a few percent of the pixels) that the average dilutes. On
/// the default synthetic birds this reads every held-out real image right where the former design read 0.70–0.86.</para>
/// <para>Input [B, 3, H, W] in [−1, 1]; images of another size than <see cref="ImageSize"/> are resized bilinearly
/// (with antialiasing) first. State-dict keys: <c>features.{0,2,4}.{conv,bn}.*</c> (1 and 3 are the parameterless
/// pools), <c>heads.{i}.{weight,bias}</c>.</para>
/// </remarks>
public sealed class AttributeClassifier : nn.Module<Tensor, Tensor[]>
{
    [ComponentName(Name = "features")]
    private readonly Sequential _features;

    [ComponentName(Name = "heads")]
    private readonly ModuleList<Linear> _heads;

    /// <summary>Creates a classifier with PyTorch-default random weights.</summary>
    /// <param name="valueCounts">Number of values of each attribute (one head each).</param>
    /// <param name="imageSize">Size the images are resized to (a multiple of 8, at least 16).</param>
    /// <param name="width">Channels of the first stage (doubled by each further stage).</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public AttributeClassifier(IReadOnlyList<int> valueCounts, int imageSize = 32, int width = 16) : base(nameof(AttributeClassifier))
    {
        ArgumentNullException.ThrowIfNull(valueCounts);
        if (valueCounts.Count == 0 || valueCounts.Any(c => c < 2))
            throw new ArgumentException("Every attribute needs at least two values, and there must be at least one attribute.", nameof(valueCounts));
        if (imageSize < 16 || imageSize % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "imageSize must be a multiple of 8 and at least 16.");
        Guard.Positive(width, nameof(width));
        ValueCounts = valueCounts.ToArray();
        ImageSize = imageSize;
        Width = width;
        _features = nn.Sequential(
            new ConvBnLeakyRelu(3, width), nn.AvgPool2d(2),
            new ConvBnLeakyRelu(width, 2 * width), nn.AvgPool2d(2),
            new ConvBnLeakyRelu(2 * width, 4 * width));
        // Average and maximum of the 4w-channel map: 8w features per image.
        _heads = new ModuleList<Linear>(ValueCounts.Select(c => nn.Linear(8 * width, c)).ToArray());
        RegisterComponents();
    }

    /// <summary>Number of values of each attribute.</summary>
    public IReadOnlyList<int> ValueCounts { get; }

    /// <summary>Size images are resized to.</summary>
    public int ImageSize { get; }

    /// <summary>Channels of the first stage.</summary>
    public int Width { get; }

    /// <summary>Logits per attribute: one [B, ValueCounts[a]] tensor each.</summary>
    /// <exception cref="ArgumentException">The images are not [B, 3, H, W] floating point.</exception>
    public override Tensor[] forward(Tensor images)
    {
        Guard.Shape(images, nameof(images), "[B, 3, H, W]", -1, 3, -1, -1);
        Guard.Floating(images, nameof(images));
        using var scope = NewDisposeScope();
        var x = images.shape[2] == ImageSize && images.shape[3] == ImageSize
            ? images
            : nn.functional.interpolate(images, new long[] { ImageSize, ImageSize }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        var map = _features.call(x);
        var pooled = cat(new[] { map.mean(new long[] { 2, 3 }), map.amax(new long[] { 2, 3 }) }, 1);
        return _heads.Select(h => h.call(pooled).MoveToOuterDisposeScope()).ToArray();
    }

    /// <summary>The predicted value index of every attribute [B, A] (int64), in eval mode without gradients, batch by batch.</summary>
    public Tensor Predict(Tensor images, int batchSize = 64)
    {
        Guard.Positive(batchSize, nameof(batchSize));
        bool wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            var parts = new List<Tensor>();
            using var scope = NewDisposeScope();
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                long rows = Math.Min(batchSize, images.shape[0] - start);
                var logits = forward(images.narrow(0, start, rows));
                parts.Add(stack(logits.Select(l => l.argmax(1)).ToArray(), 1));
            }
            return cat(parts.ToArray(), 0).MoveToOuterDisposeScope();
        }
        finally
        {
            train(wasTraining);
        }
    }
}
