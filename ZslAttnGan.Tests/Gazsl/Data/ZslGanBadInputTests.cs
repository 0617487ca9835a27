using ZslAttnGan.Data.Gazsl;
using ZslAttnGan.Data.Matlab;
using ZslAttnGan.Data.Pickles;
using ZslAttnGan.Tests.Data;
using static ZslAttnGan.Tests.Gazsl.Data.ExpectedStats;
using W = ZslAttnGan.Tests.Gazsl.Data.MatTestWriter;

namespace ZslAttnGan.Tests.Gazsl.Data;

/// <summary>A copy of the CUB mini dataset with one file changed: the loader names the file and the field, and
/// double-typed ids (the original's IndexError) load by default.</summary>
public sealed class ZslGanBadInputTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public ZslGanBadInputTests() => GazslDataFixtures.CopyTree(GazslDataFixtures.CubRoot, _tmp.Path);

    public void Dispose() => _tmp.Dispose();

    private string F(string name) => _tmp.Combine("data", "CUB2011", name);

    private GazslDataset Load(ZslGanOptions? options = null) =>
        ZslGanDatasetLoader.Load(_tmp.Path, ZslGanBenchmark.Cub2011, ZslGanSplit.Easy, options);

    private static long[] Cid(string key) => Longs(Prop(GazslDataFixtures.CubExpected.GetProperty("loader").GetProperty("easy"), key));

    private static int ClassCount => GazslDataFixtures.CubExpected.GetProperty("n_classes_total").GetInt32();

    private void WriteSplit(double[] trainCid, double[] testCid, int matClass) =>
        File.WriteAllBytes(F("train_test_split_easy.mat"), new W().File(
            DatasetFileEditor.Vector("train_cid", matClass, trainCid), DatasetFileEditor.Vector("test_cid", matClass, testCid, column: true)));

    [Fact]
    public void DoubleTypedSplitIds_LoadLikeIntegerOnes_UnlessTheReferenceRuleIsAsked()
    {
        var expected = Load();
        WriteSplit(Cid("train_cid").Select(v => (double)v).ToArray(), Cid("test_cid").Select(v => (double)v).ToArray(), W.ClassDouble);
        var loaded = Load();
        Assert.Equal(expected.SeenClassIds, loaded.SeenClassIds);
        Assert.Equal(expected.UnseenClassIds, loaded.UnseenClassIds);
        Assert.Equal(expected.SeenClassEmbeddings.Data, loaded.SeenClassEmbeddings.Data);
        var e = Assert.Throws<MatFileException>(() => Load(new ZslGanOptions { RequireIntegerTypedClassIds = true }));
        Assert.EndsWith("train_test_split_easy.mat", e.FilePath);
        Assert.Equal("train_cid", e.Variable);
        Assert.Contains("IndexError", e.Message);
    }

    [Fact]
    public void FractionalOrUnknownOrRepeatedIds_AreRefusedByName()
    {
        var train = Cid("train_cid").Select(v => (double)v).ToArray();
        var test = Cid("test_cid").Select(v => (double)v).ToArray();

        WriteSplit([.. train[..^1], train[^1] + 0.5], test, W.ClassDouble);
        var fractional = Assert.Throws<MatFileException>(() => Load());
        Assert.Equal("train_cid", fractional.Variable);
        Assert.Contains(".5", fractional.Message);

        WriteSplit(train, [.. test[..^1], ClassCount + 1], W.ClassInt32);
        var unknown = Assert.Throws<MatFileException>(() => Load());
        Assert.Equal("test_cid", unknown.Variable);
        Assert.Contains($"outside 1..{ClassCount}", unknown.Message);
        Assert.Contains("PredicateMatrix", unknown.Message);

        WriteSplit(train, [.. test[..^1], train[0]], W.ClassInt32);
        Assert.Contains("disjoint", Assert.Throws<MatFileException>(() => Load()).Message);

        WriteSplit([train[0], train[0]], test, W.ClassInt32);
        Assert.Contains("appears twice", Assert.Throws<MatFileException>(() => Load()).Message);
    }

    [Fact]
    public void MissingFilesAndKeys_AreNamed()
    {
        File.Delete(F("labels_test.pkl"));
        Assert.Contains("labels_test.pkl", Assert.Throws<FileNotFoundException>(() => Load()).Message);
        File.Delete(F("pfc_feat_test.mat"));
        Assert.Contains("pfc_feat_test.mat", Assert.Throws<FileNotFoundException>(() => Load()).Message);
        Assert.Throws<DirectoryNotFoundException>(() => ZslGanDatasetLoader.Load(_tmp.Path, ZslGanBenchmark.NABirds, ZslGanSplit.Easy));

        DatasetFileEditor.RewriteMat(F("CUB_Porter_7551D_TFIDF_new.mat"), new Dictionary<string, byte[]?> { ["PredicateMatrix"] = null });
        var e = Assert.Throws<MatFileException>(() => Load());
        Assert.Equal("PredicateMatrix", e.Variable);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void TruncatedOrForeignMatFiles_AreNamed()
    {
        var path = F("pfc_feat_train.mat");
        var bytes = File.ReadAllBytes(path);
        foreach (var cut in new[] { 0, 64, 127, 130, bytes.Length / 2, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..cut]);
            var e = Assert.Throws<MatFileException>(() => Load());
            Assert.Equal(path, e.FilePath);
        }
        File.WriteAllText(path, "pfc_feat = [1 2 3]\n" + new string('%', 200));
        Assert.Contains("not a MATLAB v5", Assert.Throws<MatFileException>(() => Load()).Message);
    }

    [Fact]
    public void WrongShapesAndValues_AreNamed()
    {
        var test = MatFile.Read(F("pfc_feat_test.mat")).GetNumeric("pfc_feat");
        int rows = test.Rows, cols = test.Columns + 1;
        DatasetFileEditor.RewriteMat(F("pfc_feat_test.mat"), new Dictionary<string, byte[]?>
        {
            ["pfc_feat"] = new W().Numeric("pfc_feat", W.ClassSingle, [rows, cols], W.MiSingle, new double[rows * cols]),
        });
        var columns = Assert.Throws<InvalidDataException>(() => Load());
        Assert.Contains("pfc_feat_test.mat", columns.Message);
        Assert.Contains("columns", columns.Message);

        var values = test.ToDoubleColumnMajor();
        values[3] = double.NaN;
        DatasetFileEditor.RewriteMat(F("pfc_feat_test.mat"), new Dictionary<string, byte[]?>
        {
            ["pfc_feat"] = new W().Numeric("pfc_feat", W.ClassDouble, [test.Rows, test.Columns], W.MiDouble, values),
        });
        var nan = Assert.Throws<MatFileException>(() => Load());
        Assert.Equal("pfc_feat", nan.Variable);
        Assert.Contains("NaN", nan.Message);
    }

    [Fact]
    public void LabelFiles_AreCheckedAgainstFeaturesAndSplit()
    {
        var labels = NumpyVectorPickle.ReadInt64(F("labels_train.pkl"));
        DatasetFileEditor.WriteLabelPickle(F("labels_train.pkl"), labels);
        Assert.Equal(labels, Load().TrainLabels); // our Python-3-style writer reads back

        DatasetFileEditor.WriteLabelPickle(F("labels_train.pkl"), labels[..^1]);
        var count = Assert.Throws<InvalidDataException>(() => Load());
        Assert.Contains("labels_train.pkl", count.Message);
        Assert.Contains("pfc_feat_train.mat", count.Message);

        int seen = Cid("train_cid").Length;
        DatasetFileEditor.WriteLabelPickle(F("labels_train.pkl"), [.. labels[..^1], seen]);
        var range = Assert.Throws<InvalidDataException>(() => Load());
        Assert.Contains("labels_train.pkl", range.Message);
        Assert.Contains($"0..{seen - 1}", range.Message);

        // A seen class without any training image has no centroid: refused, except in the reference mode (NaN row).
        var withoutLast = labels.Select(l => l == seen - 1 ? 0 : l).ToArray();
        DatasetFileEditor.WriteLabelPickle(F("labels_train.pkl"), withoutLast);
        Assert.Contains("no training sample", Assert.Throws<InvalidDataException>(() => Load()).Message);
        var reference = Load(new ZslGanOptions { ClassCounts = ZslGanClassCounts.ReferenceHardCoded });
        Assert.True(float.IsNaN(reference.TrainClassCentroids[seen - 1, 0]));

        File.WriteAllBytes(F("labels_train.pkl"), [0x80, 2, (byte)']', (byte)'.']); // an empty list
        var notArray = Assert.Throws<InvalidDataException>(() => Load());
        Assert.Contains("labels_train.pkl", notArray.Message);
        Assert.Contains("numpy", notArray.Message);
    }
}
