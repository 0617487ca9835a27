using System.Globalization;
using ZslAttnGan.Data;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Text;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// The images an evaluation uses, loaded with the model's vocabulary: seen classes split into held-out images (CUB's
/// <c>train_test_split.txt</c> flag 0; all seen images when the file is missing) and training images, and every image
/// of the unseen classes (never trained on). Real images are decoded deterministically: bird-box crop as in training,
/// resize, centre crop, no flip.
/// </summary>
public sealed class EvaluationData
{
    private EvaluationData(string root, ImageCaptionDataset seen, ImageCaptionDataset? unseen, IReadOnlyList<DatasetItem> seenHeldOut,
        IReadOnlyList<DatasetItem> seenTrain, IReadOnlySet<string> trainKeys, AttributeAnnotations? attributes)
    {
        Root = root;
        Seen = seen;
        Unseen = unseen;
        SeenHeldOut = seenHeldOut;
        SeenTrain = seenTrain;
        TrainKeys = trainKeys;
        Attributes = attributes;
    }

    /// <summary>The dataset folder (the one holding <c>images.txt</c>).</summary>
    public string Root { get; }

    /// <summary>Every image of the seen classes (class indices 0..Cs−1).</summary>
    public ImageCaptionDataset Seen { get; }

    /// <summary>Every image of the unseen classes (class indices 0..Cu−1), or null when there are none.</summary>
    public ImageCaptionDataset? Unseen { get; }

    /// <summary>Held-out images of the seen classes (queries and caption sources for seen-class metrics).</summary>
    public IReadOnlyList<DatasetItem> SeenHeldOut { get; }

    /// <summary>Training images of the seen classes.</summary>
    public IReadOnlyList<DatasetItem> SeenTrain { get; }

    /// <summary>Keys of the images flagged for training in <c>train_test_split.txt</c> (any class; empty without the file).</summary>
    public IReadOnlySet<string> TrainKeys { get; }

    /// <summary>Ground-truth attributes (the synthetic set's <c>attributes.json</c>), or null.</summary>
    public AttributeAnnotations? Attributes { get; }

    /// <summary>The items of a split: held-out seen images, or all unseen images.</summary>
    public IReadOnlyList<DatasetItem> Items(EvaluationSplit split) => split switch
    {
        EvaluationSplit.Seen => SeenHeldOut,
        EvaluationSplit.Unseen => Unseen?.Items ?? Array.Empty<DatasetItem>(),
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Only seen or unseen."),
    };

    /// <summary>Loads the seen and unseen classes of <paramref name="dataset"/>, encoding captions with <paramref name="vocabulary"/>.</summary>
    /// <exception cref="FileNotFoundException">The dataset or a class file is missing.</exception>
    public static EvaluationData Load(EvaluationDataset dataset, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var layout = CubLayout.Resolve(dataset.Root);
        var unseenFile = dataset.UnseenClassesFile ?? (File.Exists(Path.Combine(layout.CubDir, "unseen_classes.txt")) ? Path.Combine(layout.CubDir, "unseen_classes.txt") : null);
        // An empty unseen list means "no unseen classes" (ClassListFile rejects empty lists as a likely mistake).
        if (unseenFile is not null && File.Exists(unseenFile) && File.ReadAllLines(unseenFile).All(string.IsNullOrWhiteSpace)) unseenFile = null;
        CubOptions Options(CubSplit split) => new()
        {
            Root = dataset.Root, Split = split, Vocabulary = vocabulary, CaptionsPerImage = dataset.CaptionsPerImage, BadItems = BadItemPolicy.SkipAndReport,
        };
        var seenSplit = dataset.SeenClassesFile is not null ? CubSplit.Classes(dataset.SeenClassesFile, listed: true)
            : unseenFile is not null ? CubSplit.Classes(unseenFile, listed: false) : CubSplit.All;
        var seen = CubDataset.Load(Options(seenSplit));
        var unseen = unseenFile is null ? null : CubDataset.Load(Options(CubSplit.Classes(unseenFile, listed: true)));
        if (unseen is { Count: 0 }) unseen = null;

        var trainKeys = ReadTrainKeys(layout);
        var heldOut = seen.Items.Where(i => !trainKeys.Contains(i.Key)).ToList();
        var train = seen.Items.Where(i => trainKeys.Contains(i.Key)).ToList();
        if (heldOut.Count == 0) heldOut = seen.Items.ToList();
        var attributesPath = Path.Combine(layout.CubDir, "attributes.json");
        var attributes = File.Exists(attributesPath) ? AttributeAnnotations.Load(attributesPath) : null;
        return new EvaluationData(layout.CubDir, seen, unseen, heldOut, train, trainKeys, attributes);
    }

    private static HashSet<string> ReadTrainKeys(CubLayout layout)
    {
        var splitPath = Path.Combine(layout.CubDir, "train_test_split.txt");
        if (!File.Exists(splitPath)) return new HashSet<string>(StringComparer.Ordinal);
        var flags = CubFiles.ReadIdInt(splitPath);
        return CubFiles.ReadIdValue(Path.Combine(layout.CubDir, "images.txt"))
            .Where(r => flags.TryGetValue(r.Id, out var f) && f == 1)
            .Select(r => CubDataset.KeyOf(r.Value)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Decodes images [N, 3, size, size] in [−1, 1] (float32, CPU): bird-box crop, resize so the shorter side is
    /// ⌊size·76/64⌋, centre crop, no flip — the training transform without its randomness.</summary>
    public static Tensor LoadImages(IReadOnlyList<DatasetItem> items, int size, int workers = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var transform = new ImageTransform(new ImageTransformOptions { Sizes = new[] { size }, RandomCrop = false, RandomFlip = false });
        var data = new float[items.Count][];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = workers > 0 ? workers : Environment.ProcessorCount };
        // No randomness is used (no random crop or flip); the Random only satisfies the signature.
        Parallel.For(0, items.Count, parallel, i => data[i] = transform.Load(items[i].ImagePath, items[i].Box, new Random(0))[0]);
        long plane = 3L * size * size;
        var all = new float[items.Count * plane];
        for (int i = 0; i < items.Count; i++) Array.Copy(data[i], 0, all, i * plane, plane);
        return tensor(all, new long[] { items.Count, 3, size, size });
    }

    /// <summary>The checksum of a set of images as <see cref="LoadImages"/> reads them (file bytes, keys and boxes).</summary>
    public static string Checksum(IReadOnlyList<DatasetItem> items, CancellationToken cancellationToken = default) =>
        DatasetChecksum.Compute(items.Select(i => (i.Key + " " + (i.Box is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b.X} {b.Y} {b.Width} {b.Height}") : "-"), i.ImagePath)).ToList(), cancellationToken);
}
