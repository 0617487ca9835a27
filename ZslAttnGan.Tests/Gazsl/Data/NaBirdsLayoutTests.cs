using ZslAttnGan.Data.Gazsl;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Gazsl.Data;

/// <summary>NABird uses <c>LoadDataset_NAB</c>'s file names; the CUB mini dataset renamed to them loads the same.</summary>
public sealed class NaBirdsLayoutTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Theory]
    [MemberData(nameof(GazslDataFixtures.CubSplits), MemberType = typeof(GazslDataFixtures))]
    public void RenamedCubFiles_LoadAsNaBirds(string splitName)
    {
        var split = Enum.Parse<ZslGanSplit>(splitName, ignoreCase: true);
        var cub = ZslGanFiles.For(GazslDataFixtures.CubRoot, ZslGanBenchmark.Cub2011, split);
        Directory.CreateDirectory(_tmp.Combine("NABird"));
        var nab = ZslGanFiles.For(_tmp.Path, ZslGanBenchmark.NABirds, split);
        foreach (var (from, to) in new[] { (cub.TextFeatures, nab.TextFeatures), (cub.Split, nab.Split), (cub.TrainLabels, nab.TrainLabels),
                     (cub.TestLabels, nab.TestLabels), (cub.TrainFeatures, nab.TrainFeatures), (cub.TestFeatures, nab.TestFeatures) })
            File.Copy(from, to);

        var expected = ZslGanDatasetLoader.Load(GazslDataFixtures.CubRoot, ZslGanBenchmark.Cub2011, split);
        var actual = ZslGanDatasetLoader.Load(_tmp.Path, ZslGanBenchmark.NABirds, split);
        Assert.Equal(expected.TrainFeatures.Data, actual.TrainFeatures.Data);
        Assert.Equal(expected.TestUnseenLabels, actual.TestUnseenLabels);
        Assert.Equal(expected.SeenClassEmbeddings.Data, actual.SeenClassEmbeddings.Data);
        Assert.Contains("NAB_Porter_13217D_TFIDF_new.mat", nab.TextFeatures);
        Assert.Contains("NABird", nab.Split);
        // The reference hard-codes 323 / 81 for both NABird splits.
        var reference = ZslGanDatasetLoader.Load(_tmp.Path, ZslGanBenchmark.NABirds, split, new ZslGanOptions { ClassCounts = ZslGanClassCounts.ReferenceHardCoded });
        Assert.Equal((323, 81), (reference.SeenClassCount, reference.UnseenClassCount));
        Assert.Equal(323, reference.TrainClassCentroids.Rows);
    }

    [Fact]
    public void FeatureMatrices_BecomeRowMajorTensors()
    {
        using var scope = NewDisposeScope();
        var data = ZslGanDatasetLoader.Load(GazslDataFixtures.CubRoot, ZslGanBenchmark.Cub2011, ZslGanSplit.Easy);
        var t = data.TrainFeatures.ToTensor();
        Assert.Equal(new long[] { data.TrainFeatures.Rows, data.FeatureDim }, t.shape);
        Assert.Equal(data.TrainFeatures[1, 2], t[1, 2].item<float>());
        Assert.Equal(data.TrainFeatures.Data, t.data<float>().ToArray());
    }
}
