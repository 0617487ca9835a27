using System.Text.Json;
using ZslAttnGan.Data.Gazsl;
using static ZslAttnGan.Tests.Gazsl.Data.ExpectedStats;

namespace ZslAttnGan.Tests.Gazsl.Data;

/// <summary>The GBU mini dataset (data-gbu/) loads as expected.json says <c>DATA_LOADER</c> did, in each recorded
/// preprocessing mode; <c>--validation</c>, which crashed the original, works.</summary>
public class GbuFixtureTests
{
    private static JsonElement Expected => GazslDataFixtures.GbuExpected;

    private static string Dataset => Path.GetFileName(Directory.GetDirectories(Path.Combine(GazslDataFixtures.GbuRoot, "data", "GBU")).Single());

    /// <summary>The loader modes expected.json records (all but the validation crash), by key.</summary>
    public static IEnumerable<object[]> Modes() =>
        GazslDataFixtures.GbuExpected.GetProperty("loader").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("train_feature", out _)).Select(p => new object[] { p.Name });

    private static GbuPreprocessing PreprocessingOf(JsonElement mode)
    {
        string call = mode.GetProperty("call").GetString()!;
        bool pre = call.Contains("preprocessing=True", StringComparison.Ordinal);
        bool std = call.Contains("standardization=True", StringComparison.Ordinal);
        return !pre ? GbuPreprocessing.None : std ? GbuPreprocessing.Standardize : GbuPreprocessing.MinMax;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Load_GivesTheReferenceArrays(string mode)
    {
        var e = Expected.GetProperty("loader").GetProperty(mode);
        var data = GbuDatasetLoader.Load(GazslDataFixtures.GbuRoot, new GbuOptions { Dataset = Dataset, Preprocessing = PreprocessingOf(e) });

        AssertMatches(e.GetProperty("train_feature"), data.TrainFeatures, "train_feature");
        AssertMatches(e.GetProperty("test_seen_feature"), data.TestSeenFeatures!, "test_seen_feature");
        AssertMatches(e.GetProperty("test_unseen_feature"), data.TestUnseenFeatures, "test_unseen_feature");
        Assert.Equal(Longs(e.GetProperty("train_label")), data.TrainLabels);
        Assert.Equal(Longs(e.GetProperty("test_seen_label")), data.TestSeenLabels);
        Assert.Equal(Longs(e.GetProperty("test_unseen_label")), data.TestUnseenLabels);
        // The reference's seenclasses/unseenclasses are 0-based class ids; ours are the 1-based stored ids.
        Assert.Equal(Longs(e.GetProperty("seenclasses")), data.SeenClassIds.Select(c => c - 1));
        Assert.Equal(Longs(e.GetProperty("unseenclasses")), data.UnseenClassIds.Select(c => c - 1));
        AssertMatches(e.GetProperty("attribute"), data.AllClassEmbeddings, "attribute");
        AssertMatches(e.GetProperty("train_att"), data.SeenClassEmbeddings, "train_att");
        AssertMatches(e.GetProperty("test_att"), data.UnseenClassEmbeddings, "test_att");
        AssertMatches(e.GetProperty("tr_cls_centroid"), data.TrainClassCentroids, "tr_cls_centroid");
        Assert.Equal(e.GetProperty("ntrain").GetInt32(), data.TrainFeatures.Rows);
        Assert.Equal(e.GetProperty("ntrain_class").GetInt32(), data.SeenClassIds.Length);
        Assert.Equal(e.GetProperty("ntest_class").GetInt32(), data.UnseenClassIds.Length);
        Assert.Equal(e.GetProperty("train_cls_num").GetInt32(), data.SeenClassCount);
        Assert.Equal(e.GetProperty("test_cls_num").GetInt32(), data.UnseenClassCount);
        Assert.Equal(e.GetProperty("feature_dim").GetInt32(), data.FeatureDim);
        Assert.Equal(e.GetProperty("att_dim").GetInt32(), data.EmbeddingDim);
        Assert.Null(data.Normalization);

        var names = Strings(Expected.GetProperty("raw").GetProperty("allclasses_names"));
        Assert.Equal(data.SeenClassIds.Select(c => names[c - 1]), data.SeenClassNames!);
        Assert.Equal(data.UnseenClassIds.Select(c => names[c - 1]), data.UnseenClassNames!);
    }

    [Fact]
    public void RawFiles_MatchTheRecordedContents()
    {
        var raw = Expected.GetProperty("raw");
        var folder = Path.Combine(GazslDataFixtures.GbuRoot, "data", "GBU", Dataset);
        var data = GbuRawData.Read(Path.Combine(folder, "res101.mat"), Path.Combine(folder, "att_splits.mat"));
        Assert.Equal(raw.GetProperty("N").GetInt32(), data.ImageCount);
        Assert.Equal(raw.GetProperty("X_dim").GetInt32(), data.FeatureDim);
        Assert.Equal(raw.GetProperty("att_dim").GetInt32(), data.Attributes.Columns);
        Assert.Equal(Longs(raw.GetProperty("labels (1-based)")), data.Labels);
        Assert.Equal(Strings(raw.GetProperty("allclasses_names")), data.ClassNames!);
        var firstLast = Strings(Prop(raw, "image_files[0]"));
        Assert.Equal(firstLast[0], data.ImageFiles![0]);
        Assert.Equal(firstLast[1], data.ImageFiles[^1]);
        foreach (var name in GbuRawData.LocationNames)
            Assert.Equal(Longs(raw.GetProperty(name)), data.Locations[name]);
    }

    [Fact]
    public void Validation_TrainsOnTrainLocAndTestsOnValLoc()
    {
        // expected.json records that the original crashes here; check the fixed mode against the recorded raw data
        // and the plain mode's rows (train_loc and val_loc are subsets of trainval_loc).
        Assert.True(Expected.GetProperty("loader").GetProperty("validation").TryGetProperty("raises", out _));
        var raw = Expected.GetProperty("raw");
        var labels = Longs(raw.GetProperty("labels (1-based)"));
        var trainval = Longs(raw.GetProperty("trainval_loc"));
        var trainLoc = Longs(raw.GetProperty("train_loc"));
        var valLoc = Longs(raw.GetProperty("val_loc"));
        var plain = GbuDatasetLoader.Load(GazslDataFixtures.GbuRoot, new GbuOptions { Dataset = Dataset });
        var validation = GbuDatasetLoader.Load(GazslDataFixtures.GbuRoot, new GbuOptions { Dataset = Dataset, Validation = true });

        Assert.Null(validation.TestSeenFeatures);
        var seen = trainLoc.Select(l => labels[l - 1]).Distinct().Order().ToArray();
        var unseen = valLoc.Select(l => labels[l - 1]).Distinct().Order().ToArray();
        Assert.Equal(seen, validation.SeenClassIds);
        Assert.Equal(unseen, validation.UnseenClassIds);
        Assert.Equal(trainLoc.Select(l => (long)Array.IndexOf(seen, labels[l - 1])), validation.TrainLabels);
        Assert.Equal(valLoc.Select(l => (long)Array.IndexOf(unseen, labels[l - 1])), validation.TestUnseenLabels);
        AssertRowsFrom(plain.TrainFeatures, trainval, trainLoc, validation.TrainFeatures);
        AssertRowsFrom(plain.TrainFeatures, trainval, valLoc, validation.TestUnseenFeatures);
        Assert.Equal(seen.Length, validation.TrainClassCentroids.Rows);
    }

    [Fact]
    public void Standardize_GivesZeroMeanTrainingColumns()
    {
        // StandardScaler centres every training column; the reference's 1/max factor keeps the means at zero.
        var e = Expected.GetProperty("loader").EnumerateObject().Select(p => p.Value)
            .Single(v => v.TryGetProperty("call", out var c) && c.GetString()!.Contains("standardization=True", StringComparison.Ordinal));
        var data = GbuDatasetLoader.Load(GazslDataFixtures.GbuRoot, new GbuOptions { Dataset = Dataset, Preprocessing = GbuPreprocessing.Standardize });
        AssertMatches(e.GetProperty("train_feature"), data.TrainFeatures, "train_feature");
        for (int c = 0; c < data.FeatureDim; c++)
            Assert.Equal(0.0, Enumerable.Range(0, data.TrainFeatures.Rows).Average(r => data.TrainFeatures[r, c]), 1e-5);
    }

    private static void AssertRowsFrom(FloatMatrix all, long[] allLoc, long[] subset, FloatMatrix actual)
    {
        Assert.Equal(subset.Length, actual.Rows);
        for (int i = 0; i < subset.Length; i++)
            Assert.Equal(all.Row(Array.IndexOf(allLoc, subset[i])).ToArray(), actual.Row(i).ToArray());
    }
}
