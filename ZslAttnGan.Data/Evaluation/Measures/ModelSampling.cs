using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Training;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// Batched, seeded, gradient-free access to a model for evaluation: sentence codes of captions, generated images and
/// image codes. Every call runs the components in eval mode (dropout off, BatchNorm running statistics) and restores
/// their previous modes; every random draw (ZSL generator noise, image noise) comes from the given generator, so the
/// same seed gives the same numbers. Results are float32 CPU tensors owned by the caller.
/// </summary>
public static class ModelSampling
{
    /// <summary>Words kept per caption by default (TEXT.WORDS_NUM); longer captions keep their first words.</summary>
    public const int DefaultMaxWords = 18;

    /// <summary>Sentence codes [N, C] of captions (the text encoder's <c>Sentence</c>: the ZSL generator's output with fresh
    /// noise in ZSL-AttnGAN, the BiLSTM sentence in AttnGAN).</summary>
    public static Tensor EncodeCaptions(ZslAttnGanModel model, IReadOnlyList<long[]> captions, Generator generator, int batchSize = 64, int maxWords = DefaultMaxWords)
    {
        Check(model, captions, generator, batchSize);
        return InEval(model, () => Batched(captions.Count, batchSize, (start, rows) =>
        {
            var (ids, lengths) = Pad(captions, start, rows, maxWords, model.Device);
            return model.TextEncoder.Encode(ids, lengths, generator: generator).Sentence;
        }));
    }

    /// <summary>Final-stage images [N, 3, S, S] in [−1, 1] generated from captions, one per caption.</summary>
    public static Tensor GenerateImages(ZslAttnGanModel model, IReadOnlyList<long[]> captions, Generator generator, int batchSize = 32, int maxWords = DefaultMaxWords)
    {
        Check(model, captions, generator, batchSize);
        return InEval(model, () => Batched(captions.Count, batchSize, (start, rows) =>
        {
            var (ids, lengths) = Pad(captions, start, rows, maxWords, model.Device);
            return model.GenerateFromCaptions(ids, lengths, generator).Output.Images[^1];
        }));
    }

    /// <summary>Images [count, 3, S, S] in [−1, 1] generated from one caption, each with its own noise (ZSL generator
    /// noise, CA ε, image noise), drawn in turn from <paramref name="generator"/>: the "seeds" of a caption, as the
    /// diversity metric and the previews compare them.</summary>
    /// <exception cref="ArgumentException">The caption is empty or <paramref name="count"/> is not positive.</exception>
    public static Tensor GenerateVariations(ZslAttnGanModel model, long[] caption, int count, Generator generator, int batchSize = 32, int maxWords = DefaultMaxWords)
    {
        ArgumentNullException.ThrowIfNull(caption);
        Guard.Positive(count, nameof(count));
        return GenerateImages(model, Enumerable.Repeat(caption, count).ToList(), generator, batchSize, maxWords);
    }

    /// <summary>Global image codes [N, D] (the image encoder's <c>Code</c>) of images [N, 3, H, W] in [−1, 1]; images of
    /// another size than a non-resizing backbone's input are resized bilinearly (with antialiasing) first.</summary>
    public static Tensor EncodeImages(ZslAttnGanModel model, Tensor images, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        Guard.Shape(images, nameof(images), "[N, 3, H, W]", -1, 3, -1, -1);
        Guard.Positive(batchSize, nameof(batchSize));
        var encoder = model.ImageEncoder;
        return InEval(model, () => Batched((int)images.shape[0], batchSize, (start, rows) =>
        {
            var x = images.narrow(0, start, rows).to(ScalarType.Float32, model.Device);
            if (encoder.InputSize is int size && (x.shape[2] != size || x.shape[3] != size))
                x = nn.functional.interpolate(x, new long[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
            return encoder.Encode(x).Code;
        }));
    }

    private static (Tensor Ids, Tensor Lengths) Pad(IReadOnlyList<long[]> captions, int start, int rows, int maxWords, Device device)
    {
        var lengths = new long[rows];
        for (int i = 0; i < rows; i++) lengths[i] = Math.Min(captions[start + i].Length, maxWords);
        long width = lengths.Max();
        var ids = new long[rows * width];
        for (int i = 0; i < rows; i++) Array.Copy(captions[start + i], 0, ids, i * width, lengths[i]);
        return (tensor(ids, new long[] { rows, width }, device: device), tensor(lengths));
    }

    private static Tensor Batched(int count, int batchSize, Func<int, int, Tensor> run)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (int start = 0; start < count; start += batchSize)
        {
            using var inner = NewDisposeScope();
            parts.Add(run(start, Math.Min(batchSize, count - start)).to(ScalarType.Float32).cpu().MoveToOuterDisposeScope());
        }
        return cat(parts.ToArray(), 0).MoveToOuterDisposeScope();
    }

    private static T InEval<T>(ZslAttnGanModel model, Func<T> run)
    {
        var modules = model.Components().Select(c => c.Module).ToArray();
        var modes = modules.Select(m => m.training).ToArray();
        foreach (var m in modules) m.eval();
        try
        {
            return run();
        }
        finally
        {
            for (int i = 0; i < modules.Length; i++) modules[i].train(modes[i]);
        }
    }

    private static void Check(ZslAttnGanModel model, IReadOnlyList<long[]> captions, Generator generator, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(captions);
        ArgumentNullException.ThrowIfNull(generator);
        Guard.Positive(batchSize, nameof(batchSize));
        if (captions.Count == 0) throw new ArgumentException("No captions.", nameof(captions));
        for (int i = 0; i < captions.Count; i++)
            if (captions[i] is null || captions[i].Length == 0) throw new ArgumentException($"Caption {i} is empty.", nameof(captions));
    }
}
