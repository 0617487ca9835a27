using Microsoft.Extensions.Logging;
using ZslAttnGan.Data;
using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Text;
using ZslAttnGan.Training;

namespace ZslAttnGan.Runs;

/// <summary>A CUB-format folder opened for training: the seen classes when the folder has <c>seen_classes.txt</c>
/// (the zero-shot setting: unseen species are never trained on), every image otherwise.</summary>
public static class TrainingDataFolder
{
    /// <summary>The file listing the seen classes, one name per line (written by the synthetic-bird generator).</summary>
    public const string SeenClassesFile = "seen_classes.txt";

    /// <summary>The file listing the unseen classes.</summary>
    public const string UnseenClassesFile = "unseen_classes.txt";

    /// <summary>The CUB file of image-level train/test flags.</summary>
    public const string TrainTestSplitFile = "train_test_split.txt";

    /// <summary>
    /// Loads the training split of <paramref name="root"/>. With <c>seen_classes.txt</c> (the zero-shot setting) these
    /// are the seen classes' images, and when <c>train_test_split.txt</c> is present only those it marks as training
    /// images: the generalised zero-shot protocol, which keeps the seen classes' test images for evaluation, so no
    /// seen-species metric is computed on an image (or caption) the model trained on. The ZSL-AttnGAN seed trained on
    /// every image of the seen classes; <paramref name="includeSeenTestImages"/> reproduces that.
    /// </summary>
    /// <param name="root">A CUB-200-2011 folder (or AttnGAN's data dir holding one).</param>
    /// <param name="preset">Gives the captions per image.</param>
    /// <param name="vocabulary">The vocabulary to encode with (a checkpoint's); null builds it from the captions.</param>
    /// <param name="logger">Receives data warnings.</param>
    /// <param name="includeSeenTestImages">Train on the seen classes' test images too (the seed's behaviour).</param>
    public static ImageCaptionDataset LoadSeen(string root, TrainingPreset preset, Vocabulary? vocabulary = null, ILogger? logger = null,
        bool includeSeenTestImages = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(preset);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The data folder '{root}' does not exist.");
        var seen = SeenFile(root);
        var split = seen is null ? CubSplit.All : CubSplit.Classes(seen, listed: true);
        if (seen is not null && !includeSeenTestImages && FindFile(root, TrainTestSplitFile) is not null)
            split = CubSplit.Intersection(split, CubSplit.Official(train: true));
        return CubDataset.Load(new CubOptions
        {
            Root = root,
            Split = split,
            CaptionsPerImage = preset.CaptionsPerImage,
            Vocabulary = vocabulary,
        }, logger);
    }

    /// <summary>Loads the unseen classes of <paramref name="root"/>, or null when it has no <c>unseen_classes.txt</c>.</summary>
    public static ImageCaptionDataset? LoadUnseen(string root, TrainingPreset preset, Vocabulary vocabulary, ILogger? logger = null)
    {
        var unseen = FindFile(root, UnseenClassesFile);
        if (unseen is null) return null;
        return CubDataset.Load(new CubOptions
        {
            Root = root,
            Split = CubSplit.Classes(unseen, listed: true),
            CaptionsPerImage = preset.CaptionsPerImage,
            Vocabulary = vocabulary,
        }, logger);
    }

    /// <summary>The trainers' view of <paramref name="dataset"/>: shuffled, augmented batches at the model's image sizes.</summary>
    /// <param name="dataset">The images.</param>
    /// <param name="preset">Image sizes and words per caption.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="seed">Seed of the order, captions, crops and flips.</param>
    /// <param name="shard">This rank's part of every batch in a data-parallel run (null = all of it).</param>
    public static LoaderTrainingData Batches(ImageCaptionDataset dataset, TrainingPreset preset, int batchSize, int seed, DataShard? shard = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(preset);
        if (dataset.Count < batchSize)
            throw new ArgumentException($"The dataset has {dataset.Count} images, fewer than one batch of {batchSize}.", nameof(dataset));
        return new LoaderTrainingData(new DataLoader(dataset, new DataLoaderOptions
        {
            BatchSize = batchSize,
            WordsNum = preset.WordsPerCaption,
            Seed = seed,
            Shard = shard,
            Transform = new ImageTransformOptions { Sizes = preset.Model.ImageSizes, RandomFlip = preset.RandomFlip },
        }));
    }

    /// <summary>The seen-classes file of <paramref name="root"/>, or null.</summary>
    public static string? SeenFile(string root) => FindFile(root, SeenClassesFile);

    // The class lists sit beside images.txt; accept AttnGAN's data dir (holding CUB_200_2011/) too, as CubDataset does.
    private static string? FindFile(string root, string name) =>
        new[] { root, Path.Combine(root, "CUB_200_2011") }.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
