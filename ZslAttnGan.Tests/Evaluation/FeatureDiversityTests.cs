using ZslAttnGan.Evaluation;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;

namespace ZslAttnGan.Tests.Evaluation;

public class FeatureDiversityTests
{
    [Fact]
    public void IdenticalVectorsAreZeroApart()
    {
        using var g = new torch.Generator(11);
        using var row = randn(new long[] { 1, 37 }, generator: g).mul(Scalars.S(1e3));
        using var same = row.expand(6, -1).contiguous();
        Assert.Equal(0.0, FeatureDiversity.MeanPairwiseDistance(same));
    }

    [Fact]
    public void ScaledBasisVectorsAreAllEquallyFarApart()
    {
        // s·e₁ … s·eₙ: every pair is s·√2 apart, whatever n and the dimension.
        foreach (var (n, d, s) in new[] { (2, 2, 1.0), (5, 9, 0.25), (8, 512, 7.5) })
        {
            using var x = eye(n, d, ScalarType.Float64).mul(Scalars.S(s));
            Assert.Equal(s * Math.Sqrt(2), FeatureDiversity.MeanPairwiseDistance(x), 1e-12);
        }
    }

    [Fact]
    public void MatchesTheMeanOverPairsOfRandomVectors()
    {
        using var g = new torch.Generator(12);
        using var x = randn(new long[] { 9, 20 }, dtype: ScalarType.Float64, generator: g);
        var rows = Enumerable.Range(0, 9).Select(i => x[i].data<double>().ToArray()).ToArray();
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < 9; i++)
            for (int j = i + 1; j < 9; j++, pairs++)
                sum += Math.Sqrt(rows[i].Zip(rows[j], (a, b) => (a - b) * (a - b)).Sum());
        Assert.Equal(sum / pairs, FeatureDiversity.MeanPairwiseDistance(x), 1e-12);
        // Row order does not matter; float32 input gives the same figure up to float32 rounding.
        using var reversed = x.flip(0);
        Assert.Equal(sum / pairs, FeatureDiversity.MeanPairwiseDistance(reversed), 1e-12);
        using var single = x.to(ScalarType.Float32);
        Assert.Equal(sum / pairs, FeatureDiversity.MeanPairwiseDistance(single), 1e-5);
    }

    [Fact]
    public void BadInputNamesTheArgument()
    {
        using var one = zeros(1, 4);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => FeatureDiversity.MeanPairwiseDistance(one)).ParamName);
        using var flat = zeros(4);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => FeatureDiversity.MeanPairwiseDistance(flat)).ParamName);
        using var nan = tensor(new[] { 0f, 1f, float.NaN, 2f }, new long[] { 2, 2 });
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => FeatureDiversity.MeanPairwiseDistance(nan)).Message);
        using var ints = zeros(new long[] { 3, 2 }, ScalarType.Int64);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => FeatureDiversity.MeanPairwiseDistance(ints)).ParamName);
    }
}
