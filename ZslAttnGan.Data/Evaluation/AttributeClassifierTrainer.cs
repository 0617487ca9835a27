using System.Text.Json;
using TorchSharp;
using TorchSharp.PyBridge;
using ZslAttnGan.Data;
using ZslAttnGan.Imaging;
using ZslAttnGan.Initialization;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Training;
using static TorchSharp.torch;
using ZslAttnGan.IO;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// Trains the <see cref="AttributeClassifier"/> on real images of a dataset with attribute annotations, or loads it from
/// its cache: <c>&lt;dataset&gt;/attribute_classifier.safetensors</c> plus a <c>.json</c> sidecar with the checksum of the
/// training images and annotations, the options and <see cref="CacheFormat"/>; the cache is used only when all match.
/// </summary>
public static class AttributeClassifierTrainer
{
    /// <summary>Version of the classifier's network and training recipe, stored in the cache's sidecar. Raise it when
    /// either changes, so caches written by older code are retrained rather than loaded (2: the 3 × 3 network with
    /// average and max pooling, flip and shift augmentation; caches without a format are version 1).</summary>
    public const int CacheFormat = 2;

    private sealed record Sidecar(string Checksum, AttributeClassifierOptions Options, int[] ValueCounts, int Format = 1);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    /// <summary>The classifier for <paramref name="trainItems"/> (every item must have attributes), trained now or read
    /// from the cache. The caller owns (and disposes) it.</summary>
    /// <param name="trainItems">Real training images with their attribute values.</param>
    /// <param name="valueCounts">Number of values per attribute.</param>
    /// <param name="cachePath">The weights file of the cache.</param>
    /// <param name="options">Classifier options.</param>
    /// <param name="fromCache">True when the cached classifier was used.</param>
    /// <param name="workers">Image decoding threads (0: processor count).</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <exception cref="ArgumentException">An item has no attributes or too few items.</exception>
    public static AttributeClassifier LoadOrTrain(IReadOnlyList<DatasetItem> trainItems, IReadOnlyList<int> valueCounts, string cachePath,
        AttributeClassifierOptions options, out bool fromCache, int workers = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainItems);
        ArgumentNullException.ThrowIfNull(valueCounts);
        ArgumentException.ThrowIfNullOrEmpty(cachePath);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (trainItems.Count < options.BatchSize) throw new ArgumentException($"{trainItems.Count} training images; at least one batch ({options.BatchSize}) is needed.", nameof(trainItems));
        if (trainItems.Any(i => i.Attributes is null || i.Attributes.Count != valueCounts.Count))
            throw new ArgumentException($"Every training image needs {valueCounts.Count} attribute values.", nameof(trainItems));

        var checksum = DatasetChecksum.Of(EvaluationData.Checksum(trainItems, cancellationToken) + "|" +
            string.Join(";", trainItems.Select(i => string.Join(",", i.Attributes!))));
        var sidecarPath = cachePath + ".json";
        var classifier = new AttributeClassifier(valueCounts, options.ImageSize, options.Width);
        try
        {
            if (TryLoad(classifier, cachePath, sidecarPath, new Sidecar(checksum, options, valueCounts.ToArray(), CacheFormat)))
            {
                fromCache = true;
                classifier.eval();
                return classifier;
            }
            Train(classifier, trainItems, options, workers, cancellationToken);
            Save(classifier, cachePath, sidecarPath, new Sidecar(checksum, options, valueCounts.ToArray(), CacheFormat));
            fromCache = false;
            classifier.eval();
            return classifier;
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>Trains <paramref name="classifier"/> in place: Adam, summed cross-entropy over the attribute heads,
    /// shuffled batches with random flips and whole-pixel shifts (<see cref="GeometricAugmentation"/>; colours are never
    /// altered), all drawn from a generator seeded by <see cref="AttributeClassifierOptions.Seed"/>, with
    /// <see cref="AttributeClassifierOptions.Threads"/> intra-op threads, so training is reproducible.</summary>
    public static void Train(AttributeClassifier classifier, IReadOnlyList<DatasetItem> items, AttributeClassifierOptions options, int workers = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.ImageSize != classifier.ImageSize)
            throw new ArgumentException($"The options' ImageSize {options.ImageSize} differs from the classifier's {classifier.ImageSize}.", nameof(options));
        using var images = EvaluationData.LoadImages(items, options.ImageSize, workers, cancellationToken);
        using var targets = tensor(items.SelectMany(i => i.Attributes!.Select(v => (long)v)).ToArray(), new long[] { items.Count, classifier.ValueCounts.Count });
        using (IntraOpThreads.Use(options.Threads))
        {
            using var g = new Generator(unchecked((ulong)(uint)options.Seed));
            DefaultInit.Reset(classifier, g);
            classifier.train();
            using var adam = new AdamOptimizer(classifier.parameters(), options.LearningRate);
            int n = items.Count;
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                using var order = randperm(n, generator: g);
                // Drop a last batch of one: train-mode BatchNorm needs more than one value per channel.
                for (int start = 0; start + 1 < n; start += options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var idx = order.narrow(0, start, Math.Min(options.BatchSize, n - start));
                    var batch = GeometricAugmentation.FlipAndShift(images.index_select(0, idx), g, options.Flip, options.MaxShift);
                    var logits = classifier.call(batch);
                    var y = targets.index_select(0, idx);
                    Tensor loss = nn.functional.cross_entropy(logits[0], y[.., 0]);
                    for (int a = 1; a < logits.Length; a++) loss = loss.Plus(nn.functional.cross_entropy(logits[a], y[.., a]));
                    adam.ZeroGrad();
                    loss.backward();
                    adam.Step();
                }
            }
        }
        classifier.eval();
    }

    private static bool TryLoad(AttributeClassifier classifier, string path, string sidecarPath, Sidecar expected)
    {
        if (!File.Exists(path) || !File.Exists(sidecarPath)) return false;
        try
        {
            var found = JsonSerializer.Deserialize<Sidecar>(File.ReadAllText(sidecarPath), Json);
            if (found is null || found.Checksum != expected.Checksum || found.Options != expected.Options || found.Format != expected.Format
                || found.ValueCounts is null || !found.ValueCounts.SequenceEqual(expected.ValueCounts))
                return false;
            using var scope = NewDisposeScope();
            StateDicts.LoadStrict(classifier, Safetensors.LoadStateDict(path));
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or IOException or InvalidDataException)
        {
            return false; // a stale or damaged cache is retrained and replaced
        }
    }

    private static void Save(AttributeClassifier classifier, string path, string sidecarPath, Sidecar sidecar)
    {
        using var scope = NewDisposeScope();
        var weights = classifier.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());
        AtomicFile.Write(path, temporary => Safetensors.SaveStateDict(temporary, weights));
        // The sidecar goes last: a crash in between leaves weights without a matching sidecar, which are retrained.
        File.WriteAllText(sidecarPath, JsonSerializer.Serialize(sidecar, Json));
    }
}
