using ZslAttnGan.Gazsl;
using ZslAttnGan.Gazsl.Evaluation;

namespace ZslAttnGan.Tests.Parity;

/// <summary>Parity of GAZSL's feature normalisation (dataset.py LoadDataset) and evaluations (train_CUB.py
/// eval_fakefeat_test / eval_fakefeat_GZSL, train_GBU.py eval_fakefeat_test / eval_fakefeat_test_gzsl).</summary>
internal static class GazslEvaluationParity
{
    [ParityRunner("gazsl_feature_norm")]
    public static void FeatureNormalization(ParityCase c)
    {
        var n = GazslFeatureNormalization.Normalize(c.In("train_raw"), c.In("test_raw"), c.In("train_labels"), c.ConfigInt("C_s present"));
        using var mean = tensor(n.Mean);
        using var variance = tensor(n.Variance);
        c.AssertClose("mean", mean);
        c.AssertClose("var", variance);
        Assert.Equal(n.Variance, n.Divisor);   // divided by the variance, not the std
        c.AssertClose("train_norm", n.Train);
        c.AssertClose("test_norm", n.Test);
        c.AssertClose("tr_cls_centroid", n.ClassCentroids);
        n.Train.Dispose(); n.Test.Dispose(); n.ClassCentroids.Dispose();
    }

    [ParityRunner("gazsl_eval_zsl")]
    public static void ZeroShot(ParityCase c)
    {
        int samples = c.ConfigInt("nSample"), k = c.ConfigInt("Knn");
        // As the reference's stub: the generator returns the given block of class i on its i-th call.
        var generated = SampleThroughStub(c.In("gen_feat"), c.In("test_text_feature"), samples);
        var r = ZslKnnEvaluation.Evaluate(generated, c.In("test_feat"), c.In("test_labels"), samples, k);
        c.AssertClose("sim", r.Similarity);
        c.AssertClose("knn_idx", r.Vote.NeighbourIndices);
        c.AssertClose("knn_label", r.Vote.NeighbourClasses);
        c.AssertClose("preds", r.Vote.Predictions);
        CloseExactly(c, "acc", r.Accuracy);
    }

    [ParityRunner("gazsl_eval_gzsl")]
    public static void GeneralizedZeroShot(ParityCase c)
    {
        int seen = c.ConfigInt("C_s"), samples = c.ConfigInt("nSample");
        var generated = SampleThroughStub(c.In("gen_feat"), c.In("text_feature"), samples);
        var r = GzslAucEvaluation.Evaluate(generated, seen, samples, c.In("train_feat"), c.In("train_labels"),
            c.In("test_feat"), c.In("test_labels"));
        c.AssertClose("visual_pivots", r.Pivots);
        c.AssertClose("seen_sim", r.SeenSimilarity);
        c.AssertClose("unseen_sim", r.UnseenSimilarity);
        using var lambdas = tensor(r.Lambdas);
        using var accS = tensor(r.SeenAccuracy);
        using var accU = tensor(r.UnseenAccuracy);
        c.AssertClose("lambdas", lambdas);
        c.AssertClose("acc_S_T", accS);
        c.AssertClose("acc_U_T", accU);
        CloseExactly(c, "auc", r.Auc);
    }

    [ParityRunner("gazsl_eval_gbu")]
    public static void Gbu(ParityCase c)
    {
        int samples = c.ConfigInt("nSample"), k = c.ConfigInt("Knn"), seen = c.ConfigInt("C_s");
        // The GZSL function draws the seen classes' blocks, then the unseen ones; att holds seen then unseen rows.
        var att = c.In("att");
        var genSeen = SampleThroughStub(c.In("gen_seen"), att.narrow(0, 0, seen), samples);
        var genUnseen = SampleThroughStub(c.In("gen_unseen"), att.narrow(0, seen, att.shape[0] - seen), samples);

        var zsl = ZslKnnEvaluation.Evaluate(genUnseen, c.In("test_unseen_feat"), c.In("test_unseen_labels"), samples, k);
        c.AssertClose("zsl.preds", zsl.Vote.Predictions);
        using var perClass = tensor(zsl.PerClassAccuracy);
        c.AssertClose("zsl.per_class_acc", perClass);
        CloseExactly(c, "zsl.acc", zsl.MeanPerClassAccuracy);

        var gzsl = GbuEvaluation.EvaluateGzsl(genSeen, genUnseen, c.In("test_seen_feat"), c.In("test_seen_labels"),
            c.In("test_unseen_feat"), c.In("test_unseen_labels"), samples, k);
        c.AssertClose("gzsl.preds_seen", gzsl.SeenPredictions);
        c.AssertClose("gzsl.preds_unseen", gzsl.UnseenPredictions);
        CloseExactly(c, "gzsl.acc_S_T", gzsl.SeenAccuracy);
        CloseExactly(c, "gzsl.acc_U_T", gzsl.UnseenAccuracy);
        CloseExactly(c, "gzsl.H", gzsl.Harmonic);
    }

    /// <summary>Runs <see cref="GeneratedFeatures.Sample"/> over a stub generator that checks it is called with class
    /// i's condition on its i-th call and returns block i of <paramref name="blocks"/>.</summary>
    private static Tensor SampleThroughStub(Tensor blocks, Tensor classConditions, int samplesPerClass)
    {
        using var stub = new BlockStubGenerator(blocks, classConditions, samplesPerClass);
        var generated = GeneratedFeatures.Sample(stub, classConditions, samplesPerClass);
        Assert.Equal(classConditions.shape[0], stub.Calls);
        return generated;
    }

    /// <summary>Compares a scalar with the case tolerance and, where the manifest gives the reference's exact double
    /// (<c>value_f64</c>), with that to 1e-9 relative: the fixtures are drawn so that a port makes the same decisions.</summary>
    private static void CloseExactly(ParityCase c, string name, double value)
    {
        using var t = tensor(value);
        c.AssertClose(name, t);
        var output = c.Entry.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "out." + name);
        if (output.TryGetProperty("value_f64", out var exact))
            Assert.True(Math.Abs(value - exact.GetDouble()) <= 1e-9 * Math.Max(1, Math.Abs(exact.GetDouble())),
                $"{c.Name}: out.{name} = {value:R}, the reference's double is {exact.GetDouble():R}.");
    }
}
