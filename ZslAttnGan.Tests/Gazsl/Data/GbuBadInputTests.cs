using ZslAttnGan.Data.Gazsl;
using ZslAttnGan.Data.Matlab;
using ZslAttnGan.Tests.Data;
using W = ZslAttnGan.Tests.Gazsl.Data.MatTestWriter;

namespace ZslAttnGan.Tests.Gazsl.Data;

/// <summary>A copy of the GBU mini dataset with one variable changed: errors name the file and the variable;
/// locations stored as double (the original's IndexError) load.</summary>
public sealed class GbuBadInputTests : IDisposable
{
    private readonly TempFolder _tmp = new();
    private readonly string _dataset;
    private readonly string _folder;

    public GbuBadInputTests()
    {
        GazslDataFixtures.CopyTree(GazslDataFixtures.GbuRoot, _tmp.Path);
        _folder = Directory.GetDirectories(_tmp.Combine("data", "GBU")).Single();
        _dataset = Path.GetFileName(_folder);
    }

    public void Dispose() => _tmp.Dispose();

    private string Splits => Path.Combine(_folder, "att_splits.mat");

    private string Images => Path.Combine(_folder, "res101.mat");

    private GazslDataset Load(bool validation = false) =>
        GbuDatasetLoader.Load(_tmp.Combine("data", "GBU"), new GbuOptions { Dataset = _dataset, Validation = validation });

    private static double[] Values(string file, string name) => MatFile.Read(file).GetNumeric(name).ToDoubleColumnMajor();

    private void Replace(string file, string name, byte[]? element) =>
        DatasetFileEditor.RewriteMat(file, new Dictionary<string, byte[]?> { [name] = element });

    [Fact]
    public void DoubleTypedLocations_LoadLikeIntegerOnes()
    {
        var expected = Load();
        foreach (var loc in GbuRawData.LocationNames)
            Replace(Splits, loc, DatasetFileEditor.Vector(loc, W.ClassDouble, Values(Splits, loc), column: true));
        var loaded = Load();
        Assert.Equal(expected.TrainFeatures.Data, loaded.TrainFeatures.Data);
        Assert.Equal(expected.TestSeenLabels, loaded.TestSeenLabels);
        Assert.Equal(expected.TestUnseenLabels, loaded.TestUnseenLabels);
    }

    [Fact]
    public void LocationsAndLabelsOutOfRange_AreNamed()
    {
        var n = Values(Images, "labels").Length;
        var loc = Values(Splits, "test_unseen_loc");
        loc[^1] = n + 1;
        Replace(Splits, "test_unseen_loc", DatasetFileEditor.Vector("test_unseen_loc", W.ClassUInt16, loc, column: true));
        var e = Assert.Throws<MatFileException>(() => Load());
        Assert.Equal(Splits, e.FilePath);
        Assert.Equal("test_unseen_loc", e.Variable);
        Assert.Contains($"outside 1..{n}", e.Message);

        loc[^1] = 2.5;
        Replace(Splits, "test_unseen_loc", DatasetFileEditor.Vector("test_unseen_loc", W.ClassDouble, loc, column: true));
        Assert.Equal("test_unseen_loc", Assert.Throws<MatFileException>(() => Load()).Variable);

        var labels = Values(Images, "labels");
        int classes = MatFile.Read(Splits).GetNumeric("att").Columns;
        labels[0] = classes + 1;
        Replace(Images, "labels", DatasetFileEditor.Vector("labels", W.ClassDouble, labels, column: true));
        var label = Assert.Throws<MatFileException>(() => Load());
        Assert.Equal(Images, label.FilePath);
        Assert.Equal("labels", label.Variable);
    }

    [Fact]
    public void ATestSeenImageOfAnUnseenClass_IsRefused()
    {
        var seenLoc = Values(Splits, "test_seen_loc");
        seenLoc[0] = Values(Splits, "test_unseen_loc")[0];
        Replace(Splits, "test_seen_loc", DatasetFileEditor.Vector("test_seen_loc", W.ClassUInt16, seenLoc, column: true));
        var e = Assert.Throws<InvalidDataException>(() => Load());
        Assert.Contains("att_splits.mat", e.Message);
        Assert.Contains("test_seen_loc", e.Message);
        Assert.Contains("no training image", e.Message);
        Load(validation: true); // validation does not use test_seen_loc
    }

    [Fact]
    public void MissingKeysAndWrongShapes_AreNamed()
    {
        var original = File.ReadAllBytes(Images);
        var features = MatFile.Read(Images).GetNumeric("features");
        // Stored [N x X] instead of [X x N]: the label count no longer matches the columns.
        var transposed = new W().Numeric("features", W.ClassDouble, [features.Columns, features.Rows], W.MiDouble, features.ToDoubleRowMajor());
        Replace(Images, "features", transposed);
        var shape = Assert.Throws<MatFileException>(() => Load());
        Assert.Equal("labels", shape.Variable);
        Assert.Contains("columns", shape.Message);
        File.WriteAllBytes(Images, original);

        var splits = File.ReadAllBytes(Splits);
        Replace(Splits, "att", null);
        var missing = Assert.Throws<MatFileException>(() => Load());
        Assert.Equal("att", missing.Variable);
        Assert.Equal(Splits, missing.FilePath);

        File.WriteAllBytes(Splits, splits);
        Replace(Splits, "allclasses_names", new W().Cell("allclasses_names", [1, 1], new W().Chars("", ["only one"])));
        Assert.Equal("allclasses_names", Assert.Throws<MatFileException>(() => GbuRawData.Read(Images, Splits)).Variable);
    }

    [Fact]
    public void TruncatedFiles_AreNamed()
    {
        var bytes = File.ReadAllBytes(Images);
        foreach (var cut in new[] { 100, 136, bytes.Length / 3, bytes.Length - 2 })
        {
            File.WriteAllBytes(Images, bytes[..cut]);
            Assert.Equal(Images, Assert.Throws<MatFileException>(() => Load()).FilePath);
        }
        File.Delete(Images);
        Assert.Contains("res101.mat", Assert.Throws<FileNotFoundException>(() => Load()).Message);
        Assert.Throws<DirectoryNotFoundException>(() => GbuDatasetLoader.Load(_tmp.Path, new GbuOptions { Dataset = "NOPE" }));
    }
}
