using ZslAttnGan.Gazsl.Evaluation;

namespace ZslAttnGan.Tests.Gazsl;

public class GazslEvaluationTests
{
    [Fact]
    public void KnnVoteTieGoesToTheSmallestClassAndTheKNearestAreTheMostSimilar()
    {
        using var scope = NewDisposeScope();
        // 3 classes × 2 samples; K = 4. Row 0: the 4 most similar are 2 of class 2 and 2 of class 1 → tie → 1.
        // Row 1: 3 of class 0... only 2 exist, so 2 of class 0, 1 of class 2, 1 of class 1 → 0.
        var sim = tensor(new double[,]
        {
            { 0.0, 0.1, 0.8, 0.7, 0.9, 0.95 },
            { 0.9, 0.8, 0.5, 0.1, 0.6, 0.2 },
        });
        var r = KnnVote.Classify(sim, samplesPerClass: 2, k: 4);
        Assert.Equal(new long[] { 1, 0 }, r.Predictions.data<long>().ToArray());
        Assert.Equal(new long[] { 5, 4, 2, 3 }, r.NeighbourIndices[0].data<long>().ToArray());
        Assert.Equal(new long[] { 2, 2, 1, 1 }, r.NeighbourClasses[0].data<long>().ToArray());
    }

    [Fact]
    public void PerSampleAndPerClassAccuraciesDiffer()
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new long[] { 0, 0, 0, 1 });
        var preds = tensor(new long[] { 0, 0, 0, 0 });
        Assert.Equal(75, ClassAccuracy.PerSample(preds, labels), 10);
        Assert.Equal(50, ClassAccuracy.MeanPerClass(preds, labels, 2), 10);
        var perClass = ClassAccuracy.PerClass(preds, labels, 3);
        Assert.Equal(new[] { 100.0, 0.0 }, perClass.Take(2));
        Assert.True(double.IsNaN(perClass[2]));   // no sample: no accuracy, and not in the mean
        Assert.Equal(50, ClassAccuracy.MeanPerClass(preds, labels, 3), 10);
    }

    [Fact]
    public void ZslAccuracyOfGeneratedFeaturesThatAreTheTestFeaturesIsHundred()
    {
        using var scope = NewDisposeScope();
        var classMeans = eye(4, dtype: ScalarType.Float32).Times(3).Plus(0.1);
        var generated = classMeans.repeat_interleave(5, dim: 0);                 // 4 classes × 5 rows
        var labels = tensor(new long[] { 3, 1, 0, 2, 2 });
        var test = classMeans.index_select(0, labels);
        var r = ZslKnnEvaluation.Evaluate(generated, test, labels, samplesPerClass: 5, k: 3);
        Assert.Equal(100, r.Accuracy);
        Assert.Equal(100, r.MeanPerClassAccuracy);
    }

    [Fact]
    public void LambdaGridIsNumpysArange()
    {
        var l = GzslAucEvaluation.ReferenceLambdas();
        Assert.Equal(400, l.Length);
        Assert.Equal(-2, l[0]);
        Assert.Equal(1.99, l[399], 12);
        Assert.NotEqual(0, l[200]);                   // numpy: start + i·((start + step) − start) = 1.8e-15
        Assert.Equal(1.7763568394002505e-15, l[200]);
    }

    [Fact]
    public void AucOfAPerfectClassifierIsOne()
    {
        using var scope = NewDisposeScope();
        // 2 seen + 2 unseen classes with orthogonal pivots; every feature is its class's pivot: cosine 1 with its own
        // class and 0 with the others, so for λ in (−1, 1) both accuracies are 1: the curve is (0, 1) → (1, 1) → (1, 0).
        var pivots = eye(4, dtype: ScalarType.Float32);
        var generated = pivots.repeat_interleave(3, dim: 0);
        var seenLabels = tensor(new long[] { 0, 1, 1 });
        var unseenLabels = tensor(new long[] { 1, 0 });
        var r = GzslAucEvaluation.Evaluate(generated, seenClasses: 2, samplesPerClass: 3,
            pivots.index_select(0, seenLabels), seenLabels, pivots.index_select(0, unseenLabels.Plus(tensor(2L))), unseenLabels);
        Assert.Equal(1, r.Auc, 12);
        Assert.Equal(1, r.SeenAccuracy[0]);
        Assert.Equal(0, r.UnseenAccuracy[0]);
        Assert.Equal(0, r.SeenAccuracy[^1]);
        Assert.Equal(1, r.UnseenAccuracy[^1]);
    }

    [Fact]
    public void CosineSimilarityKeepsZeroRowsAtZero()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[,] { { 0, 0 }, { 3, 4 } });
        var b = tensor(new float[,] { { 4, 3 }, { 0, 0 } });
        TensorAssert.Close(tensor(new double[,] { { 0, 0 }, { 24.0 / 25, 0 } }), CosineSimilarity.Compute(a, b), 1e-12, "cosine");
    }

    [Fact]
    public void GbuHarmonicMeanCombinesSeenAndUnseen()
    {
        using var scope = NewDisposeScope();
        var pivots = eye(5, dtype: ScalarType.Float32);
        var genSeen = pivots.narrow(0, 0, 3).repeat_interleave(2, dim: 0);
        var genUnseen = pivots.narrow(0, 3, 2).repeat_interleave(2, dim: 0);
        // Seen test: class 0 right, class 1 right, class 2 looks like unseen class 0 (index 3): S = 2/3.
        var seenLabels = tensor(new long[] { 0, 1, 2 });
        var seenFeatures = pivots.index_select(0, tensor(new long[] { 0, 1, 3 }));
        // Unseen test: both right (U = 1). Unseen stacked first: unseen class j is column block j.
        var unseenLabels = tensor(new long[] { 0, 1 });
        var unseenFeatures = pivots.index_select(0, tensor(new long[] { 3, 4 }));
        var r = GbuEvaluation.EvaluateGzsl(genSeen, genUnseen, seenFeatures, seenLabels, unseenFeatures, unseenLabels, samplesPerClass: 2, k: 2);
        Assert.Equal(new long[] { 0, 1, 3 }, r.SeenPredictions.data<long>().ToArray());
        Assert.Equal(new long[] { 0, 1 }, r.UnseenPredictions.data<long>().ToArray());
        Assert.Equal(200.0 / 3, r.SeenAccuracy, 10);
        Assert.Equal(100, r.UnseenAccuracy, 10);
        Assert.Equal(2 * (200.0 / 3) * 100 / (200.0 / 3 + 100), r.Harmonic, 10);
    }

    [Fact]
    public void BadEvaluationInputIsAnArgumentException()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => ZslKnnEvaluation.Evaluate(zeros(7, 3), zeros(2, 3), tensor(new long[] { 0, 1 }), 2, 1));
        Assert.Equal("generated", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => ZslKnnEvaluation.Evaluate(zeros(4, 3), zeros(2, 3), tensor(new long[] { 0, 2 }), 2, 1));
        Assert.Equal("testLabels", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => KnnVote.Classify(zeros(2, 4, dtype: ScalarType.Float64), 2, 5));
    }
}
