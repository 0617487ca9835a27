using ZslAttnGan.Evaluation;

namespace ZslAttnGan.Tests.Evaluation;

public class ZeroShotTests
{
    private static Tensor Randn(long n, long d, ulong seed)
    {
        using var g = new torch.Generator(seed);
        return randn(new[] { n, d }, generator: g);
    }

    /// <summary>Codes around one random direction per class, with noise of the given scale.</summary>
    private static (Tensor Codes, int[] Labels) Clustered(Tensor directions, int perClass, double noise, ulong seed)
    {
        int classes = (int)directions.shape[0];
        var labels = Enumerable.Range(0, classes * perClass).Select(i => i / perClass).ToArray();
        using var idx = tensor(labels.Select(l => (long)l).ToArray());
        using var centre = directions.index_select(0, idx);
        using var jitter = Randn(labels.Length, directions.shape[1], seed);
        return (centre.Plus(jitter * Scalars.S(noise)), labels);
    }

    [Fact]
    public void KnnOnSeparableCodesIsPerfect()
    {
        using var dirs = Randn(10, 64, 1);
        var (generated, genLabels) = Clustered(dirs, 60, 0.05, 2);
        var (queries, truth) = Clustered(dirs, 25, 0.05, 3);
        using (generated) using (queries)
        {
            var predicted = KnnClassifier.Predict(queries, generated, genLabels, k: 20);
            Assert.Equal(1.0, ClassificationAccuracy.PerSample(predicted, truth));
            Assert.Equal(1.0, ClassificationAccuracy.MeanPerClass(predicted, truth));
        }
    }

    [Fact]
    public void KnnOnShuffledCodesIsNearChance()
    {
        using var dirs = Randn(10, 64, 4);
        var (generated, genLabels) = Clustered(dirs, 60, 0.05, 5);
        var (queries, truth) = Clustered(dirs, 100, 0.05, 6);
        // Shuffle the generated codes' labels: the neighbours no longer say anything about the class.
        var random = new Random(7);
        var shuffled = genLabels.OrderBy(_ => random.Next()).ToArray();
        using (generated) using (queries)
        {
            var predicted = KnnClassifier.Predict(queries, generated, shuffled, k: 20);
            double acc = ClassificationAccuracy.PerSample(predicted, truth);
            Assert.InRange(acc, 0.0, 0.25); // chance 0.1
        }
    }

    [Fact]
    public void TiesGoToTheSmallestClass()
    {
        using var refs = tensor(new float[] { 1, 0, 1, 0.1f, 0.9f, 0, 1, -0.1f }, new long[] { 4, 2 });
        using var q = tensor(new float[] { 1, 0 }, new long[] { 1, 2 });
        Assert.Equal(new[] { 1 }, KnnClassifier.Predict(q, refs, new[] { 3, 1, 3, 1 }, k: 4));
        Assert.Equal(new[] { 0 }, KnnClassifier.Predict(q, refs, new[] { 2, 2, 0, 0 }, k: 2));
    }

    [Fact]
    public void GzslAucOnConstructedCodes()
    {
        // Separable: seen queries sit on seen pivots, unseen queries on unseen pivots → some λ gets both right → AUC 1.
        using var pivots = tensor(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, new long[] { 3, 3 }); // seen 0, seen 1, unseen 0
        using var seenQ = tensor(new float[] { 1, 0.1f, 0, 0.1f, 1, 0 }, new long[] { 2, 3 });
        using var unseenQ = tensor(new float[] { 0, 0.1f, 1 }, new long[] { 1, 3 });
        var curve = GeneralizedZsl.SeenUnseenAuc(pivots, 2, seenQ, new[] { 0, 1 }, unseenQ, new[] { 0 });
        Assert.Equal(1.0, curve.Auc, 1e-12);
        Assert.Equal(400, curve.Points.Count);
        Assert.Equal((1.0, 0.0), (curve.Points[0].SeenAccuracy, curve.Points[0].UnseenAccuracy));
        Assert.Equal((0.0, 1.0), (curve.Points[^1].SeenAccuracy, curve.Points[^1].UnseenAccuracy));

        // Indistinguishable: the unseen query looks exactly like the seen one → the curve is the diagonal → 0.5.
        using var p2 = tensor(new float[] { 1, 0, 0, 1 }, new long[] { 2, 2 });
        using var same = tensor(new float[] { 1, 0 }, new long[] { 1, 2 });
        var diagonal = GeneralizedZsl.SeenUnseenAuc(p2, 1, same, new[] { 0 }, same, new[] { 0 });
        Assert.Equal(0.5, diagonal.Auc, 1e-12);
        // The switch happens where λ exceeds the cosine gap of 1 (ties at λ = 1 go to the seen class).
        Assert.Equal(1.0, diagonal.Points.Single(p => p.Lambda == 1.0).SeenAccuracy);
        Assert.Equal(1.0, diagonal.Points.Single(p => p.Lambda == 1.01).UnseenAccuracy);
    }

    [Fact]
    public void HarmonicMeanOfPerClassAccuracies()
    {
        Assert.Equal(2 * 0.8 * 0.4 / 1.2, ClassificationAccuracy.HarmonicMean(0.8, 0.4), 1e-12);
        Assert.Equal(0, ClassificationAccuracy.HarmonicMean(0, 0));
        // Class 0: 2 of 2 right; class 1: 1 of 4 right → per-class mean 0.625, per-sample 0.5.
        var truth = new[] { 0, 0, 1, 1, 1, 1 };
        var predicted = new[] { 0, 0, 1, 0, 0, 0 };
        Assert.Equal(0.625, ClassificationAccuracy.MeanPerClass(predicted, truth), 1e-12);
        Assert.Equal(0.5, ClassificationAccuracy.PerSample(predicted, truth), 1e-12);
    }
}
