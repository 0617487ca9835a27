using ZslAttnGan.Gazsl;
using ZslAttnGan.Gazsl.Training;

namespace ZslAttnGan.Tests.Gazsl.Training;

/// <summary>
/// A zero-shot task with a known answer. Every class c has a text vector t_c ~ N(0, I_D); a fixed random linear map
/// A [X, D] (entries N(0, 1/D)) gives the class prototype p_c = s·A·t_c (s = 0.3, so features sit well inside the
/// generator's Tanh range) and a feature of class c is p_c + ε, ε ~ N(0, σ²I). Seen and unseen classes share A, so a
/// generator that learns text → feature from the seen classes places the unseen classes' features near their
/// prototypes. The oracle that knows A (nearest prototype by cosine) gives the accuracy the construction allows.
/// </summary>
internal sealed class SyntheticZslTask : IDisposable
{
    public const double Scale = 0.3;

    public SyntheticZslTask(int seenClasses = 24, int unseenClasses = 8, int textSize = 6, int featureSize = 12,
                            int trainPerClass = 20, int testPerClass = 20, double noise = 0.03, long seed = 7, bool seenTest = true)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator((ulong)seed);
        var map = randn(new long[] { featureSize, textSize }, generator: g).DividedBy(Math.Sqrt(textSize));
        var seenText = randn(new long[] { seenClasses, textSize }, generator: g);
        var unseenText = randn(new long[] { unseenClasses, textSize }, generator: g);
        var seenPrototypes = seenText.matmul(map.t()).Times(Scale);
        var unseenPrototypes = unseenText.matmul(map.t()).Times(Scale);
        (Tensor F, Tensor L) Draw(Tensor prototypes, int perClass)
        {
            var labels = arange(Scalars.S(0), Scalars.S(prototypes.shape[0]), Scalars.S(1), dtype: ScalarType.Int64).repeat_interleave(perClass);
            var features = prototypes.index_select(0, labels).Plus(randn(new long[] { labels.shape[0], featureSize }, generator: g).Times(noise));
            return (features, labels);
        }
        var (trainF, trainL) = Draw(seenPrototypes, trainPerClass);
        var (testF, testL) = Draw(unseenPrototypes, testPerClass);
        var (seenF, seenL) = Draw(seenPrototypes, Math.Max(1, testPerClass / 2));
        UnseenPrototypes = unseenPrototypes.DetachFromDisposeScope();
        Data = new GazslTrainingData(trainF.DetachFromDisposeScope(), trainL.DetachFromDisposeScope(),
            seenText.DetachFromDisposeScope(), unseenText.DetachFromDisposeScope(), testF.DetachFromDisposeScope(), testL.DetachFromDisposeScope(),
            seenTest ? seenF.DetachFromDisposeScope() : null, seenTest ? seenL.DetachFromDisposeScope() : null);
    }

    public GazslTrainingData Data { get; }

    /// <summary>The unseen classes' true prototypes [C_u, X].</summary>
    public Tensor UnseenPrototypes { get; }

    /// <summary>Accuracy (%) of the oracle that knows the map: nearest true prototype by cosine.</summary>
    public double OracleAccuracy()
    {
        using var classifier = new ZeroShotClassifier(UnseenPrototypes, 1, ZeroShotClassifierMethod.NearestClassMean);
        return classifier.Accuracy(Data.UnseenTestFeatures, Data.UnseenTestLabels);
    }

    /// <summary>Small nets and short runs for tests.</summary>
    public static GazslTrainingOptions SmallOptions(int iterations) => new()
    {
        Iterations = iterations,
        BatchSize = 64,
        LearningRate = 1e-3,
        NetSizes = new GazslNetSizes(ReducedTextSize: 16, NoiseSize: 4, HiddenSize: 64),
        SamplesPerClass = 10,
        K = 5,
        EvaluationInterval = 50,
        EvaluationStart = 0,
        CheckpointInterval = 0,
        LogInterval = 0,
        Seed = 3,
        Threads = 1,
    };

    public void Dispose()
    {
        foreach (var t in new[] { Data.TrainFeatures, Data.TrainLabels, Data.SeenConditions, Data.UnseenConditions,
                     Data.UnseenTestFeatures, Data.UnseenTestLabels, Data.SeenTestFeatures, Data.SeenTestLabels, UnseenPrototypes })
            t?.Dispose();
    }
}

/// <summary>Tests that train run one at a time: they set libtorch's thread count for their runs (process-wide).</summary>
[CollectionDefinition(Name)]
public sealed class GazslTrainerCollection
{
    public const string Name = "GAZSL trainer";
}
