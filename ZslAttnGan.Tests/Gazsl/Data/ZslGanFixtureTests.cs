using System.Text.Json;
using ZslAttnGan.Data.Gazsl;
using ZslAttnGan.Data.Matlab;
using ZslAttnGan.Data.Pickles;
using static ZslAttnGan.Tests.Gazsl.Data.ExpectedStats;

namespace ZslAttnGan.Tests.Gazsl.Data;

/// <summary>The CUB mini dataset (data-cub/) loads as expected.json says the original <c>LoadDataset</c> did,
/// except for the documented fixes (class counts from the split file).</summary>
public class ZslGanFixtureTests
{
    private static ZslGanSplit Split(string name) => Enum.Parse<ZslGanSplit>(name, ignoreCase: true);

    private static JsonElement Expected(string split) => GazslDataFixtures.CubExpected.GetProperty("loader").GetProperty(split);

    [Theory]
    [MemberData(nameof(GazslDataFixtures.CubSplits), MemberType = typeof(GazslDataFixtures))]
    public void Load_GivesTheReferenceArrays(string split)
    {
        var e = Expected(split);
        var data = ZslGanDatasetLoader.Load(GazslDataFixtures.CubRoot, ZslGanBenchmark.Cub2011, Split(split));

        Assert.Equal(Longs(Prop(e, "train_cid")), data.SeenClassIds);
        Assert.Equal(Longs(Prop(e, "test_cid")), data.UnseenClassIds);
        Assert.Equal(Longs(e.GetProperty("labels_train")), data.TrainLabels);
        Assert.Equal(Longs(e.GetProperty("labels_test")), data.TestUnseenLabels);
        var counts = Longs(Prop(e, "true seen / unseen class counts"));
        Assert.Equal(counts[0], data.SeenClassCount);
        Assert.Equal(counts[1], data.UnseenClassCount);
        Assert.Equal(e.GetProperty("feature_dim").GetInt32(), data.FeatureDim);
        Assert.Equal(e.GetProperty("text_dim").GetInt32(), data.EmbeddingDim);
        Assert.Null(data.TestSeenFeatures);

        Assert.NotNull(data.Normalization);
        Close(Prop(e, "mean (float32").GetDouble(), data.Normalization!.Mean, 1e-6, "mean", atol: 0);
        Close(Prop(e, "var (float32").GetDouble(), data.Normalization.Variance, 1e-6, "var", atol: 0);
        Assert.Equal(data.Normalization.Variance, data.Normalization.Divisor);

        AssertMatches(Prop(e, "pfc_feat_data_train"), data.TrainFeatures, "normalised train");
        AssertMatches(Prop(e, "pfc_feat_data_test"), data.TestUnseenFeatures, "normalised test");
        AssertMatches(e.GetProperty("train_text_feature"), data.SeenClassEmbeddings, "train_text_feature");
        AssertMatches(e.GetProperty("test_text_feature"), data.UnseenClassEmbeddings, "test_text_feature");
        // The reference's centroid array has its hard-coded row count; rows 0..C_s-1 are the real ones.
        AssertMatches(Prop(e.GetProperty("tr_cls_centroid"), "rows 0..C_s-1"), data.TrainClassCentroids, "tr_cls_centroid");
        Assert.Equal(data.SeenClassCount, data.TrainClassCentroids.Rows);
        Assert.All(data.TrainClassCentroids.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(GazslDataFixtures.CubSplits), MemberType = typeof(GazslDataFixtures))]
    public void RawFiles_MatchTheStoredArrays(string split)
    {
        var e = Expected(split);
        var raw = ZslGanRawData.Read(ZslGanFiles.For(Path.Combine(GazslDataFixtures.CubRoot, "data"), ZslGanBenchmark.Cub2011, Split(split)));
        AssertMatches(Prop(e, "raw_train"), raw.TrainFeatures, "raw train");
        AssertMatches(Prop(e, "raw_test"), raw.TestFeatures, "raw test");
        // train_text_feature row k = PredicateMatrix row train_cid[k]-1.
        Assert.Equal(GazslDataFixtures.CubExpected.GetProperty("n_classes_total").GetInt32(), raw.ClassText.Rows);
        for (int k = 0; k < raw.TrainClassIds.Length; k++)
            Assert.Equal(raw.ClassText.Row((int)raw.TrainClassIds[k] - 1).ToArray(),
                ZslGanDatasetLoader.Build(raw).SeenClassEmbeddings.Row(k).ToArray());
    }

    [Theory]
    [MemberData(nameof(GazslDataFixtures.CubSplits), MemberType = typeof(GazslDataFixtures))]
    public void ReferenceHardCodedCounts_ReproduceTheOriginal(string split)
    {
        var e = Expected(split);
        var data = ZslGanDatasetLoader.Load(GazslDataFixtures.CubRoot, ZslGanBenchmark.Cub2011, Split(split),
            new ZslGanOptions { ClassCounts = ZslGanClassCounts.ReferenceHardCoded });
        Assert.Equal(Prop(e, "train_cls_num").GetInt32(), data.SeenClassCount);
        Assert.Equal(Prop(e, "test_cls_num").GetInt32(), data.UnseenClassCount);
        var centroids = e.GetProperty("tr_cls_centroid");
        Assert.Equal(centroids.GetProperty("shape")[0].GetInt32(), data.TrainClassCentroids.Rows);
        int finiteRows = Enumerable.Range(0, data.TrainClassCentroids.Rows)
            .Count(r => data.TrainClassCentroids.Row(r).ToArray().All(float.IsFinite));
        Assert.Equal(centroids.GetProperty("rows_finite").GetInt32(), finiteRows);
        AssertMatches(Prop(centroids, "rows 0..C_s-1"), data.TrainClassCentroids, "tr_cls_centroid", rows: finiteRows);
    }

    [Theory]
    [MemberData(nameof(GazslDataFixtures.CubSplits), MemberType = typeof(GazslDataFixtures))]
    public void StdScaling_DividesByTheSquareRootOfTheVariance(string split)
    {
        var byVar = ZslGanDatasetLoader.Load(GazslDataFixtures.CubRoot, ZslGanBenchmark.Cub2011, Split(split));
        var byStd = ZslGanDatasetLoader.Load(GazslDataFixtures.CubRoot, ZslGanBenchmark.Cub2011, Split(split),
            new ZslGanOptions { Scaling = ZslGanFeatureScaling.DivideByStandardDeviation });
        float ratio = MathF.Sqrt(byVar.Normalization!.Variance);
        Assert.Equal(ratio, byStd.Normalization!.Divisor);
        for (int i = 0; i < byVar.TrainFeatures.Data.Length; i++)
            Assert.Equal(byVar.TrainFeatures.Data[i] * ratio, byStd.TrainFeatures.Data[i], 1e-4f);
        // A z-score over all entries: population std 1.
        var d = byStd.TrainFeatures.Data;
        double mean = d.Average(v => (double)v);
        Assert.Equal(1.0, Math.Sqrt(d.Average(v => (v - mean) * (v - mean))), 1e-4);
    }

    [Fact]
    public void FileInventory_MatchesExpected()
    {
        var folder = Path.Combine(GazslDataFixtures.CubRoot, "data", "CUB2011");
        foreach (var file in GazslDataFixtures.CubExpected.GetProperty("files").EnumerateObject())
        {
            var path = Path.Combine(folder, file.Name);
            var info = file.Value;
            if (file.Name.EndsWith(".pkl", StringComparison.Ordinal))
            {
                Assert.Equal(info.GetProperty("length").GetInt32(), NumpyVectorPickle.ReadInt64(path).Length);
                continue;
            }
            var mat = MatFile.Read(path);
            var keys = info.TryGetProperty("key", out var key) ? new[] { key.GetString()! } : Strings(info.GetProperty("keys"));
            var shapes = info.GetProperty("stored_shape");
            for (int k = 0; k < keys.Length; k++)
            {
                var shape = keys.Length == 1 ? shapes : shapes[k];
                var variable = mat.GetNumeric(keys[k]);
                Assert.Equal(shape.EnumerateArray().Select(s => s.GetInt32()), variable.Dimensions);
                Assert.Equal(ClassOf(info.GetProperty("stored_dtype").GetString()!), variable.Class);
            }
            // Byte 128 starts the first element: miCOMPRESSED (15) or miMATRIX (14).
            Assert.Equal(info.GetProperty("compressed").GetBoolean() ? 15 : 14, File.ReadAllBytes(path)[128]);
        }
    }

    [Fact]
    public void LabelPickles_AllFlavoursRead()
    {
        var folder = Path.Combine(GazslDataFixtures.CubRoot, "data", "CUB2011");
        foreach (var split in GazslDataFixtures.CubExpected.GetProperty("loader").EnumerateObject())
        {
            var suffix = split.Name == "easy" ? "" : "_" + split.Name;
            Assert.Equal(Longs(split.Value.GetProperty("labels_train")), NumpyVectorPickle.ReadInt64(Path.Combine(folder, $"labels_train{suffix}.pkl")));
            Assert.Equal(Longs(split.Value.GetProperty("labels_test")), NumpyVectorPickle.ReadInt64(Path.Combine(folder, $"labels_test{suffix}.pkl")));
        }
    }

    internal static MatClass ClassOf(string numpyDtype) => numpyDtype switch
    {
        "float64" => MatClass.Double,
        "float32" => MatClass.Single,
        "int8" => MatClass.Int8,
        "uint8" => MatClass.UInt8,
        "int16" => MatClass.Int16,
        "uint16" => MatClass.UInt16,
        "int32" => MatClass.Int32,
        "uint32" => MatClass.UInt32,
        "int64" => MatClass.Int64,
        "uint64" => MatClass.UInt64,
        _ => throw new ArgumentException(numpyDtype),
    };
}
