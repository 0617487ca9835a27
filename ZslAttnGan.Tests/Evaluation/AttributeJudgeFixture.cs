using System.Diagnostics;
using ZslAttnGan.Data;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Text;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>
/// A synthetic bird set written by the quick start's generator (fewer species and images than the default, so the
/// default test run stays short, but enough held-out images of every unseen species to measure the judge), and the
/// judge trained on it with the default <see cref="AttributeClassifierOptions"/>, exactly as the metric trains it.
/// </summary>
public sealed class AttributeJudgeFixture : IDisposable
{
    /// <summary>Final generator size of the models evaluated on such sets: held-out real images are read at this size,
    /// as the metric reads them.</summary>
    public const int GeneratedSize = 64;

    public AttributeJudgeFixture()
    {
        Folder = new TempFolder();
        Synthetic = new SyntheticBirdsOptions
        {
            Species = 24, UnseenSpecies = 6, ImagesPerSpecies = 20, TrainFraction = 0.6, ImageSize = 64, CaptionsPerImage = 2, Seed = 5, Workers = 2,
        };
        Result = SyntheticBirdsGenerator.Generate(Folder.Path, Synthetic);
        Vocabulary = CubDataset.Load(new CubOptions { Root = Result.Root, CaptionsPerImage = Synthetic.CaptionsPerImage }).Vocabulary;
        Data = EvaluationData.Load(Dataset, Vocabulary);
        Split = AttributeJudgeSplit.Of(Data, seed: 0);
        ValueCounts = Data.Attributes!.Attributes.Select(a => a.Values.Count).ToArray();
        var clock = Stopwatch.StartNew();
        Judge = AttributeClassifierTrainer.LoadOrTrain(Split.Train, ValueCounts, Folder.Combine("judge", "attribute_classifier.safetensors"),
            new AttributeClassifierOptions(), out _);
        TrainingSeconds = clock.Elapsed.TotalSeconds;
    }

    public TempFolder Folder { get; }
    public SyntheticBirdsOptions Synthetic { get; }
    public SyntheticBirdsResult Result { get; }
    public Vocabulary Vocabulary { get; }
    public EvaluationData Data { get; }
    public AttributeJudgeSplit Split { get; }
    public int[] ValueCounts { get; }
    public AttributeClassifier Judge { get; }
    public double TrainingSeconds { get; }
    public EvaluationDataset Dataset => new() { Root = Result.Root, CaptionsPerImage = Synthetic.CaptionsPerImage };

    public HashSet<string> UnseenKeys => Data.Unseen!.Items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>The judge's per-attribute accuracy on <paramref name="items"/>, decoded at <paramref name="size"/>.</summary>
    public static double[] Accuracy(AttributeClassifier judge, IReadOnlyList<DatasetItem> items, int size = GeneratedSize)
    {
        using var images = EvaluationData.LoadImages(items, size);
        using var predicted = judge.Predict(images);
        using var truth = Truth(items);
        return AttributeAccuracy.PerAttribute(predicted, truth);
    }

    public static Tensor Truth(IReadOnlyList<DatasetItem> items) =>
        tensor(items.SelectMany(i => i.Attributes!.Select(v => (long)v)).ToArray(), new long[] { items.Count, items[0].Attributes!.Count });

    public void Dispose()
    {
        Judge.Dispose();
        Folder.Dispose();
    }
}

/// <summary>The judge's test classes share one generated set and one trained judge.</summary>
[CollectionDefinition(Name)]
public sealed class AttributeJudgeCollection : ICollectionFixture<AttributeJudgeFixture>
{
    public const string Name = "Attribute judge";
}
