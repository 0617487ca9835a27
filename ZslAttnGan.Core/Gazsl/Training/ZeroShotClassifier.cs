using ZslAttnGan.Gazsl.Evaluation;
using ZslAttnGan.Nn;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Training;

/// <summary>How <see cref="ZeroShotClassifier"/> decides a class from the generated features.</summary>
public enum ZeroShotClassifierMethod
{
    /// <summary>The reference's: the K most cosine-similar generated features vote; ties go to the smallest class
    /// index (<see cref="KnnVote"/>).</summary>
    Knn = 0,

    /// <summary>The class whose generated mean (visual pivot) is the most cosine-similar; ties go to the smallest index.</summary>
    NearestClassMean = 1,
}

/// <summary>
/// A classifier over any set of classes given by their conditions (text features or attributes), built from a
/// trained GAZSL generator: it generates <c>samplesPerClass</c> features per class once, then classifies real
/// features against them. Class i is row i of the conditions.
/// </summary>
public sealed class ZeroShotClassifier : IDisposable
{
    private readonly Tensor _generated;
    private readonly Tensor _means;

    /// <summary>A classifier over stacked class blocks <paramref name="generated"/> [C·samplesPerClass, X] (row r is
    /// class r / samplesPerClass); the tensor is copied.</summary>
    /// <exception cref="ArgumentException">The rows are not whole class blocks, or K does not fit.</exception>
    public ZeroShotClassifier(Tensor generated, int samplesPerClass, ZeroShotClassifierMethod method = ZeroShotClassifierMethod.Knn,
                              int k = ZslKnnEvaluation.ReferenceK)
    {
        Guard.Shape(generated, nameof(generated), "[C*samplesPerClass, X]", -1, -1);
        Guard.Floating(generated, nameof(generated));
        Guard.Positive(samplesPerClass, nameof(samplesPerClass));
        if (generated.shape[0] == 0 || generated.shape[0] % samplesPerClass != 0)
            throw new ArgumentException($"generated has {generated.shape[0]} rows, not a positive multiple of samplesPerClass = {samplesPerClass}.", nameof(generated));
        if (!Enum.IsDefined(method)) throw new ArgumentException($"Undefined method {(int)method}.", nameof(method));
        if (method == ZeroShotClassifierMethod.Knn && (k < 1 || k > generated.shape[0]))
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must lie in 1..{generated.shape[0]} (the generated features).");
        using var scope = NewDisposeScope();
        if (!generated.isfinite().all().item<bool>()) throw new ArgumentException("generated has NaN or infinite values.", nameof(generated));
        Classes = (int)(generated.shape[0] / samplesPerClass);
        SamplesPerClass = samplesPerClass;
        Method = method;
        K = k;
        _generated = generated.detach().clone().DetachFromDisposeScope();
        _means = _generated.to_type(ScalarType.Float64).reshape(Classes, samplesPerClass, -1).mean(new long[] { 1 }).DetachFromDisposeScope();
    }

    /// <summary>Generates <paramref name="samplesPerClass"/> features for each row of <paramref name="classConditions"/>
    /// [C, ConditionSize] with <paramref name="generator"/> (eval mode, noise from <paramref name="random"/>, the global
    /// generator when null) and builds the classifier on them.</summary>
    public static ZeroShotClassifier FromGenerator(IGazslGenerator generator, Tensor classConditions,
                                                   ZeroShotClassifierMethod method = ZeroShotClassifierMethod.Knn,
                                                   int samplesPerClass = ZslKnnEvaluation.ReferenceSamplesPerClass,
                                                   int k = ZslKnnEvaluation.ReferenceK, Generator? random = null)
    {
        using var generated = GeneratedFeatures.Sample(generator, classConditions, samplesPerClass, random);
        return new ZeroShotClassifier(generated, samplesPerClass, method, k);
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Generated features per class.</summary>
    public int SamplesPerClass { get; }

    /// <summary>The decision rule.</summary>
    public ZeroShotClassifierMethod Method { get; }

    /// <summary>K of the K-NN vote.</summary>
    public int K { get; }

    /// <summary>The class (int64, 0..Classes−1) of each row of <paramref name="features"/> [N, X].</summary>
    /// <exception cref="ArgumentException">The features do not have the generated features' width.</exception>
    public Tensor Predict(Tensor features)
    {
        Guard.Shape(features, nameof(features), $"[N, {_generated.shape[1]}]", -1, _generated.shape[1]);
        Guard.Floating(features, nameof(features));
        using var scope = NewDisposeScope();
        var input = features.to(_generated.device);
        if (Method == ZeroShotClassifierMethod.Knn)
        {
            var similarity = CosineSimilarity.Compute(input, _generated);
            return KnnVote.Classify(similarity, SamplesPerClass, K).Predictions.MoveToOuterDisposeScope();
        }
        // argmax returns the first maximum, so a tie goes to the smallest class index.
        return CosineSimilarity.Compute(input, _means).argmax(1).MoveToOuterDisposeScope();
    }

    /// <summary>100 · fraction of rows of <paramref name="features"/> whose prediction equals <paramref name="labels"/>
    /// [N] (int64); per class averaged instead when <paramref name="meanPerClass"/>.</summary>
    /// <exception cref="ArgumentException">Shapes, dtypes or labels do not fit.</exception>
    public double Accuracy(Tensor features, Tensor labels, bool meanPerClass = false)
    {
        Guard.Shape(features, nameof(features), $"[N, {_generated.shape[1]}]", -1, _generated.shape[1]);
        Guard.Shape(labels, nameof(labels), $"[{features.shape[0]}] (int64)", features.shape[0]);
        Guard.DType(labels, nameof(labels), ScalarType.Int64);
        GazslLabels.CheckRange(labels, nameof(labels), Classes);
        using var predictions = Predict(features);
        using var cpuLabels = labels.cpu();
        using var cpuPredictions = predictions.cpu();
        return meanPerClass
            ? ClassAccuracy.MeanPerClass(cpuPredictions, cpuLabels, Classes)
            : ClassAccuracy.PerSample(cpuPredictions, cpuLabels);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _generated.Dispose();
        _means.Dispose();
    }
}
