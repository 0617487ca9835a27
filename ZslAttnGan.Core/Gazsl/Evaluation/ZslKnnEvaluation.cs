using ZslAttnGan.Nn;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Evaluation;

/// <summary>Zero-shot K-NN evaluation result (tensors owned by the caller).</summary>
/// <param name="Similarity">cosine similarity of each test feature with each generated one [N, C·n] (float64).</param>
/// <param name="Vote">neighbours and predictions.</param>
/// <param name="Accuracy">100 · mean over test SAMPLES (the CUB/NAB metric).</param>
/// <param name="MeanPerClassAccuracy">mean over unseen classes with samples of the per-class accuracy (the GBU metric).</param>
/// <param name="PerClassAccuracy">per unseen class, % (NaN for a class without test samples).</param>
public sealed record ZslKnnResult(Tensor Similarity, KnnVoteResult Vote, double Accuracy, double MeanPerClassAccuracy, double[] PerClassAccuracy);

/// <summary>GAZSL's zero-shot evaluation (<c>eval_fakefeat_test</c>): K-NN vote of each real unseen-class test
/// feature among features generated for the unseen classes.</summary>
public static class ZslKnnEvaluation
{
    /// <summary>The reference's number of generated features per class (<c>nSample</c>).</summary>
    public const int ReferenceSamplesPerClass = 60;

    /// <summary>The reference's K (<c>Knn</c>).</summary>
    public const int ReferenceK = 20;

    /// <summary>Classifies <paramref name="testFeatures"/> [N, X] with labels [N] (int64 in 0..C_u−1) against
    /// <paramref name="generated"/> [C_u·samplesPerClass, X], stacked class by class in the labels' class order.</summary>
    /// <exception cref="ArgumentException">Shapes, dtypes or labels do not fit.</exception>
    public static ZslKnnResult Evaluate(Tensor generated, Tensor testFeatures, Tensor testLabels,
                                        int samplesPerClass = ReferenceSamplesPerClass, int k = ReferenceK)
    {
        Guard.Shape(generated, nameof(generated), "[C*samplesPerClass, X]", -1, -1);
        Guard.Positive(samplesPerClass, nameof(samplesPerClass));
        if (generated.shape[0] == 0 || generated.shape[0] % samplesPerClass != 0)
            throw new ArgumentException($"generated has {generated.shape[0]} rows, not a positive multiple of samplesPerClass = {samplesPerClass}.", nameof(generated));
        int classes = (int)(generated.shape[0] / samplesPerClass);
        Guard.Shape(testFeatures, nameof(testFeatures), $"[N, {generated.shape[1]}]", -1, generated.shape[1]);
        Guard.Shape(testLabels, nameof(testLabels), $"[{testFeatures.shape[0]}] (int64)", testFeatures.shape[0]);
        Guard.DType(testLabels, nameof(testLabels), ScalarType.Int64);
        GazslLabels.CheckRange(testLabels, nameof(testLabels), classes);

        var similarity = CosineSimilarity.Compute(testFeatures, generated);
        var vote = KnnVote.Classify(similarity, samplesPerClass, k);
        var perClass = ClassAccuracy.PerClass(vote.Predictions, testLabels, classes);
        return new ZslKnnResult(similarity, vote, ClassAccuracy.PerSample(vote.Predictions, testLabels),
            perClass.Where(double.IsFinite).Average(), perClass);
    }
}
