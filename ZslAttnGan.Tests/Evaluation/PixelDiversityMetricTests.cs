using ZslAttnGan.Evaluation;
using ZslAttnGan.Evaluation.Metrics;
using static TorchSharp.torch;

namespace ZslAttnGan.Tests.Evaluation;

public class PixelDiversityMetricTests
{
    // N images of 3×size×size in [−1, 1], image n filled by value(n, index) (built from an array: no implicit scalars).
    private static Tensor Images(int n, int size, Func<int, int, float> value)
    {
        int d = 3 * size * size;
        var data = new float[n * d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) data[i * d + k] = value(i, k);
        return tensor(data, new long[] { n, 3, size, size });
    }

    [Theory]
    [InlineData(8)]
    [InlineData(32)]
    public void TheDistanceIsTheRmsColourDifferenceInUnitRangeWhateverTheSize(int size)
    {
        // The second image is brighter by 0.4 in [−1, 1], i.e. by 0.2 in [0, 1] colour units, everywhere.
        using (var images = Images(2, size, (i, _) => -0.5f + 0.4f * i))
        using (var rows = PixelDiversityMetric.Pixels(images))
            Assert.Equal(0.2, FeatureDiversity.MeanPairwiseDistance(rows), 1e-6);

        // Half the values go from black to white (a difference of 1 in [0, 1]): RMS = √(1/2).
        using (var images = Images(2, size, (i, k) => i == 1 && k % 2 == 0 ? 1f : -1f))
        using (var rows = PixelDiversityMetric.Pixels(images))
            Assert.Equal(Math.Sqrt(0.5), FeatureDiversity.MeanPairwiseDistance(rows), 1e-6);

        // Identical images: exactly 0.
        using (var images = Images(3, size, (_, k) => (k % 7) / 7f))
        using (var rows = PixelDiversityMetric.Pixels(images))
            Assert.Equal(0.0, FeatureDiversity.MeanPairwiseDistance(rows));
    }

    [Fact]
    public void BadSettingsAreRefusedByName()
    {
        Assert.Equal("captions", Assert.Throws<ArgumentOutOfRangeException>(() => new PixelDiversityMetric(captions: 0)).ParamName);
        Assert.Equal("seeds", Assert.Throws<ArgumentOutOfRangeException>(() => new PixelDiversityMetric(seeds: 1)).ParamName);
    }
}
