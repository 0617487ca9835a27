using ZslAttnGan.Data;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Evaluation;
using ZslAttnGan.TextFeatures;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// A zero-shot classification task (GAZSL's input) built from any CUB-format folder of captioned images with
/// <c>unseen_classes.txt</c> — the built-in synthetic birds, or a user's own images — instead of the original's
/// pre-extracted feature files: visual features from an ImageNet ResNet-18 (<see cref="ImageFeatureCache"/>), class
/// text features as TF-IDF of each class's captions (<see cref="TfIdf"/>, fitted on the documents of all classes, as
/// the original's Wikipedia TF-IDF covers all 200 CUB classes). The caller owns (disposes) the tensors.
/// </summary>
/// <param name="TrainFeatures">Seen classes' training images (<c>train_test_split.txt</c> flag 1) [N_tr, D] (D = 512 for ResNet-18).</param>
/// <param name="TrainLabels">Their seen-class indices [N_tr] (int64).</param>
/// <param name="SeenTestFeatures">Seen classes' held-out images [N_s, 512] (the training images when the folder has
/// no split file), for generalised zero-shot figures.</param>
/// <param name="SeenTestLabels">Their seen-class indices [N_s].</param>
/// <param name="UnseenFeatures">Unseen classes' images [N_u, 512].</param>
/// <param name="UnseenLabels">Their unseen-class indices [N_u] (0..C_u−1).</param>
/// <param name="SeenText">TF-IDF of each seen class [C_s, V].</param>
/// <param name="UnseenText">TF-IDF of each unseen class [C_u, V].</param>
/// <param name="SeenClasses">Seen class names, in index order.</param>
/// <param name="UnseenClasses">Unseen class names, in index order.</param>
/// <param name="TextWords">The TF-IDF words, in feature order.</param>
public sealed record CaptionedImageFeatures(
    Tensor TrainFeatures, Tensor TrainLabels, Tensor SeenTestFeatures, Tensor SeenTestLabels,
    Tensor UnseenFeatures, Tensor UnseenLabels, Tensor SeenText, Tensor UnseenText,
    IReadOnlyList<string> SeenClasses, IReadOnlyList<string> UnseenClasses, IReadOnlyList<string> TextWords) : IDisposable
{
    /// <summary>Builds the task from a CUB-format folder.</summary>
    /// <param name="root">The folder (CUB layout with <c>unseen_classes.txt</c>; <c>train_test_split.txt</c> keeps the
    /// seen classes' test images out of training).</param>
    /// <param name="extractor">ResNet-18 (see <see cref="ResNet18FeatureExtractor.Load"/>).</param>
    /// <param name="cacheDirectory">Where features are cached (null: not cached).</param>
    /// <param name="captionsPerImage">Captions per image in the text files (CUB: 10).</param>
    /// <param name="textOptions">TF-IDF options (default: scikit-learn's defaults).</param>
    /// <param name="cancellationToken">Checked between images.</param>
    /// <exception cref="ArgumentException">The folder has no unseen classes (the message says which file to add).</exception>
    public static CaptionedImageFeatures FromCubFolder(string root, ResNet18FeatureExtractor extractor, string? cacheDirectory,
        int captionsPerImage = 10, TfIdfOptions? textOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        return FromCubFolder(root, new ResNet18FeatureSource(extractor, cacheDirectory), captionsPerImage, textOptions, cancellationToken);
    }

    /// <summary>Builds the task from a CUB-format folder with visual features from <paramref name="images"/>.</summary>
    /// <inheritdoc cref="FromCubFolder(string, ResNet18FeatureExtractor, string?, int, TfIdfOptions?, CancellationToken)"/>
    public static CaptionedImageFeatures FromCubFolder(string root, IImageFeatureSource images,
        int captionsPerImage = 10, TfIdfOptions? textOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(images);
        var vocabulary = CubDataset.Load(new CubOptions { Root = root, CaptionsPerImage = captionsPerImage, BadItems = BadItemPolicy.SkipAndReport }).Vocabulary;
        var data = EvaluationData.Load(new EvaluationDataset { Root = root, CaptionsPerImage = captionsPerImage }, vocabulary);
        if (data.Unseen is null)
            throw new ArgumentException($"'{root}' has no unseen classes: list them in unseen_classes.txt (one class folder name per line) for a zero-shot task.", nameof(root));

        var documents = ClassDocuments.FromCaptions(data.Seen).Concat(ClassDocuments.FromCaptions(data.Unseen)).ToList();
        var tfidf = TfIdf.Fit(documents, textOptions);
        using var text = tfidf.Transform(documents);
        int seenCount = data.Seen.Classes.Count;

        Tensor Features(IReadOnlyList<DatasetItem> items) => images.Extract(items, cancellationToken);
        static Tensor Labels(IReadOnlyList<DatasetItem> items) => tensor(items.Select(i => (long)i.ClassIndex!.Value).ToArray());
        return new CaptionedImageFeatures(
            Features(data.SeenTrain.Count > 0 ? data.SeenTrain : data.Seen.Items), Labels(data.SeenTrain.Count > 0 ? data.SeenTrain : data.Seen.Items),
            Features(data.SeenHeldOut), Labels(data.SeenHeldOut),
            Features(data.Unseen.Items), Labels(data.Unseen.Items),
            text.narrow(0, 0, seenCount).clone(), text.narrow(0, seenCount, data.Unseen.Classes.Count).clone(),
            data.Seen.Classes.Select(c => c.Name).ToList(), data.Unseen.Classes.Select(c => c.Name).ToList(), tfidf.Words);
    }

    /// <summary>Writes the task to <paramref name="directory"/> (created): <c>features.safetensors</c> (every tensor,
    /// named as this record's members in snake case: <c>train_features</c>, <c>train_labels</c>, …) and
    /// <c>classes.json</c> (seen and unseen class names and the TF-IDF words), readable from Python with the
    /// <c>safetensors</c> package. Returns the two paths.</summary>
    public (string Tensors, string Classes) Save(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var tensors = Path.Combine(directory, "features.safetensors");
        var classes = Path.Combine(directory, "classes.json");
        TorchSharp.PyBridge.Safetensors.SaveStateDict(tensors, new Dictionary<string, Tensor>
        {
            ["train_features"] = TrainFeatures, ["train_labels"] = TrainLabels,
            ["seen_test_features"] = SeenTestFeatures, ["seen_test_labels"] = SeenTestLabels,
            ["unseen_features"] = UnseenFeatures, ["unseen_labels"] = UnseenLabels,
            ["seen_text"] = SeenText, ["unseen_text"] = UnseenText,
        });
        File.WriteAllText(classes, System.Text.Json.JsonSerializer.Serialize(new { seen_classes = SeenClasses, unseen_classes = UnseenClasses, text_words = TextWords },
            new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return (tensors, classes);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in new[] { TrainFeatures, TrainLabels, SeenTestFeatures, SeenTestLabels, UnseenFeatures, UnseenLabels, SeenText, UnseenText })
            t.Dispose();
    }
}
