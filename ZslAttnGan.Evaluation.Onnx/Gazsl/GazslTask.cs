using ZslAttnGan.Data.Gazsl;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Gazsl.Training;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// A GAZSL task read from a folder in any supported layout (<see cref="GazslDataLayout"/>), ready for
/// <see cref="GazslTrainer"/>: features normalised, labels and class conditions as tensors. Owns its tensors.
/// </summary>
public sealed class GazslTask : IDisposable
{
    private readonly Tensor[] _tensors;

    private GazslTask(GazslTrainingData data, GazslDataLayout layout, string source, IReadOnlyList<string> seen, IReadOnlyList<string> unseen,
                      IReadOnlyList<string> notes, Tensor[] tensors)
    {
        Data = data;
        Layout = layout;
        Source = source;
        SeenClasses = seen;
        UnseenClasses = unseen;
        Notes = notes;
        _tensors = tensors;
    }

    /// <summary>The tensors the trainer reads.</summary>
    public GazslTrainingData Data { get; }

    /// <summary>The layout it was read from.</summary>
    public GazslDataLayout Layout { get; }

    /// <summary>The folder it was read from.</summary>
    public string Source { get; }

    /// <summary>Seen class names (or ids), in index order.</summary>
    public IReadOnlyList<string> SeenClasses { get; }

    /// <summary>Unseen class names (or ids), in index order.</summary>
    public IReadOnlyList<string> UnseenClasses { get; }

    /// <summary>What a reader of the results should know about this task (protocol choices).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The preset of the original code for this task's layout (captioned images: <see cref="GazslPresetsForImages.CaptionedImages"/>).</summary>
    public GazslTrainingOptions DefaultPreset => Layout switch
    {
        GazslDataLayout.ZslGanCub => GazslPresets.CubEasy,
        GazslDataLayout.ZslGanNab => GazslPresets.Nab,
        GazslDataLayout.Gbu => GazslPresets.Gbu,
        _ => GazslPresetsForImages.CaptionedImages,
    };

    /// <summary>The layout of <paramref name="root"/>, from its files.</summary>
    /// <exception cref="ArgumentException">No supported layout is recognised (the message lists what was looked for).</exception>
    public static GazslDataLayout Detect(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        bool Has(params string[] parts) => Directory.Exists(Path.Combine([root, .. parts])) || File.Exists(Path.Combine([root, .. parts]));
        if (Has("CUB2011") || Has("data", "CUB2011")) return GazslDataLayout.ZslGanCub;
        if (Has("NABird") || Has("data", "NABird")) return GazslDataLayout.ZslGanNab;
        if (Has("res101.mat") || Has("GBU") || Has("data", "GBU") || Directory.EnumerateDirectories(root).Any(d => File.Exists(Path.Combine(d, "res101.mat"))))
            return GazslDataLayout.Gbu;
        if (Has("images.txt") || Has("CUB_200_2011", "images.txt")) return GazslDataLayout.CaptionedImages;
        throw new ArgumentException($"'{root}' is not a GAZSL data folder: looked for CUB2011/ or NABird/ (ZSL_GAN's data folder), " +
            "<dataset>/res101.mat (the GBU layout) and images.txt (a CUB-format image folder with unseen_classes.txt).", nameof(root));
    }

    /// <summary>Reads the task.</summary>
    /// <param name="root">The data folder.</param>
    /// <param name="options">Layout and loader options.</param>
    /// <param name="extractor">ResNet-18 for captioned images (null: loaded from <see cref="GazslTaskOptions.ResNet18"/> when needed).</param>
    /// <param name="cancellationToken">Checked while image features are computed.</param>
    /// <exception cref="ArgumentException">The folder holds no supported layout, or its content does not fit (the
    /// message names the file and field).</exception>
    public static GazslTask Load(string root, GazslTaskOptions? options = null, ResNet18FeatureExtractor? extractor = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        options ??= new GazslTaskOptions();
        var layout = options.Layout == GazslDataLayout.Auto ? Detect(root) : options.Layout;
        // Intermediates die with the scope; the task's own tensors are detached from it and disposed with the task.
        using var scope = NewDisposeScope();
        var task = layout == GazslDataLayout.CaptionedImages
            ? FromImages(root, options, extractor, cancellationToken)
            : FromDataset(layout, Read(root, layout, options), options);
        var owned = task.Tensors();
        foreach (var t in owned) t.DetachFromDisposeScope();
        return new GazslTask(task.Data, layout, Path.GetFullPath(root), task.Seen, task.Unseen, task.Notes, owned);
    }

    private static GazslDataset Read(string root, GazslDataLayout layout, GazslTaskOptions options) => layout switch
    {
        GazslDataLayout.ZslGanCub => ZslGanDatasetLoader.Load(root, ZslGanBenchmark.Cub2011, options.Split, options.ZslGan),
        GazslDataLayout.ZslGanNab => ZslGanDatasetLoader.Load(root, ZslGanBenchmark.NABirds, options.Split, options.ZslGan),
        _ => LoadGbu(root, options.Gbu),
    };

    /// <summary>A folder that itself holds the image features is the dataset folder: its parent is the GBU root and its
    /// name the dataset. Otherwise <paramref name="root"/> is the GBU root and the options name the dataset.</summary>
    private static GazslDataset LoadGbu(string root, GbuOptions gbu)
    {
        if (!File.Exists(Path.Combine(root, gbu.ImageEmbedding + ".mat"))) return GbuDatasetLoader.Load(root, gbu);
        var folder = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        return GbuDatasetLoader.Load(Path.GetDirectoryName(folder)!, gbu with { Dataset = Path.GetFileName(folder) });
    }

    private sealed record Loaded(GazslTrainingData Data, IReadOnlyList<string> Seen, IReadOnlyList<string> Unseen, IReadOnlyList<string> Notes)
    {
        public Tensor[] Tensors() => new[] { Data.TrainFeatures, Data.TrainLabels, Data.SeenConditions, Data.UnseenConditions, Data.UnseenTestFeatures,
            Data.UnseenTestLabels, Data.SeenTestFeatures, Data.SeenTestLabels, Data.ClassCentroids }.OfType<Tensor>().Distinct().ToArray();
    }

    private static Loaded FromDataset(GazslDataLayout layout, GazslDataset d, GazslTaskOptions options)
    {
        var notes = new List<string>();
        var train = d.TrainFeatures.ToTensor();
        var trainLabels = tensor(d.TrainLabels);
        Tensor? seenTest = d.TestSeenFeatures?.ToTensor(), seenTestLabels = d.TestSeenLabels is null ? null : tensor(d.TestSeenLabels);
        if (seenTest is null && options.TrainingFeaturesAsSeenTest)
        {
            seenTest = train;
            seenTestLabels = trainLabels;
            notes.Add("GZSL seen accuracy is measured on the training features (the original's protocol for this layout): it overstates S.");
        }
        else if (seenTest is null)
        {
            notes.Add("No held-out images of seen classes in this layout: no GZSL figure (TrainingFeaturesAsSeenTest gives the original's, on training features).");
        }
        var data = new GazslTrainingData(train, trainLabels, d.SeenClassEmbeddings.ToTensor(), d.UnseenClassEmbeddings.ToTensor(),
            d.TestUnseenFeatures.ToTensor(), tensor(d.TestUnseenLabels), seenTest, seenTestLabels, d.TrainClassCentroids.ToTensor());
        data.Validate();
        var seen = d.SeenClassNames ?? d.SeenClassIds.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var unseen = d.UnseenClassNames ?? d.UnseenClassIds.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new Loaded(data, seen, unseen, notes);
    }

    private static Loaded FromImages(string root, GazslTaskOptions options, ResNet18FeatureExtractor? extractor, CancellationToken cancellationToken)
    {
        using var encoder = options.ImageEncoderCheckpoint is { } checkpoint ? ImageEncoderFeatureSource.Load(checkpoint) : null;
        var own = encoder is null && extractor is null ? ResNet18FeatureExtractor.Load(options.ResNet18) : null;
        try
        {
            IImageFeatureSource source = encoder is not null ? encoder : new ResNet18FeatureSource(extractor ?? own!, options.FeatureCache);
            using var features = CaptionedImageFeatures.FromCubFolder(root, source, options.CaptionsPerImage, options.TextFeatures, cancellationToken);
            long seenTestRows = features.SeenTestFeatures.shape[0];
            using var evaluated = cat(new[] { features.SeenTestFeatures, features.UnseenFeatures }, 0);
            var normalized = GazslFeatureNormalization.Normalize(features.TrainFeatures, evaluated, features.TrainLabels, features.SeenClasses.Count, options.Scale);
            var data = new GazslTrainingData(normalized.Train, features.TrainLabels.clone(), features.SeenText.clone(), features.UnseenText.clone(),
                normalized.Test.narrow(0, seenTestRows, features.UnseenFeatures.shape[0]), features.UnseenLabels.clone(),
                normalized.Test.narrow(0, 0, seenTestRows), features.SeenTestLabels.clone(), normalized.ClassCentroids);
            data.Validate();
            var notes = new List<string>
            {
                $"Visual features: {source.Description}, {features.TrainFeatures.shape[1]}-d; class texts: TF-IDF of each class's captions ({features.TextWords.Count} words).",
                "GZSL seen accuracy is measured on held-out images of the seen classes.",
            };
            return new Loaded(data, features.SeenClasses, features.UnseenClasses, notes);
        }
        finally
        {
            own?.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _tensors) t.Dispose();
    }
}
