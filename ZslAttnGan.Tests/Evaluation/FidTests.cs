using ZslAttnGan.Evaluation;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Evaluation;

public class FidTests
{
    private static Tensor Samples(long n, long d, ulong seed)
    {
        using var g = new torch.Generator(seed);
        return randn(new[] { n, d }, dtype: ScalarType.Float64, generator: g);
    }

    /// <summary>Samples whose empirical mean and (unbiased) covariance are exactly <paramref name="mean"/> and
    /// <paramref name="cov"/>: whiten random samples, then colour them with the Cholesky factor.</summary>
    private static Tensor Exact(double[] mean, double[,] cov, long n, ulong seed)
    {
        int d = mean.Length;
        using var scope = NewDisposeScope();
        var x = Samples(n, d, seed);
        x = x - x.mean(new long[] { 0 }, keepdim: true);
        var c = x.t().matmul(x) / Scalars.S(n - 1);
        var whiten = linalg.inv(linalg.cholesky(c));
        var white = x.matmul(whiten.t());
        var target = tensor(cov.Cast<double>().ToArray(), new long[] { d, d }, ScalarType.Float64);
        var colour = linalg.cholesky(target);
        var y = white.matmul(colour.t()).Plus(tensor(mean, ScalarType.Float64));
        return y.MoveToOuterDisposeScope();
    }

    private static FeatureStatistics Stats(Tensor x)
    {
        var s = new FeatureStatistics((int)x.shape[1]);
        s.Add(x);
        return s;
    }

    [Fact]
    public void SetWithItselfIsZero()
    {
        using var x = Samples(300, 64, 1);
        var s = Stats(x);
        Assert.InRange(FrechetDistance.Compute(s, s), 0, 1e-8);
        // Fewer samples than dimensions: rank-deficient covariance, still no NaN.
        using var few = Samples(20, 64, 2);
        var f = Stats(few);
        Assert.InRange(FrechetDistance.Compute(f, f), 0, 1e-8);
    }

    [Fact]
    public void GaussiansWithKnownMomentsMatchTheClosedForm()
    {
        // Non-commuting 2x2 covariances: for PSD 2x2 A, Tr(A^1/2) = sqrt(Tr A + 2 sqrt(det A)).
        var mu1 = new[] { 0.5, -1.0 };
        var mu2 = new[] { 2.0, 0.25 };
        var s1 = new[,] { { 2.0, 0.6 }, { 0.6, 1.0 } };
        var s2 = new[,] { { 0.5, -0.2 }, { -0.2, 1.5 } };
        double det1 = 2.0 * 1.0 - 0.36, det2 = 0.75 - 0.04;
        double trProduct = 2.0 * 0.5 + 0.6 * -0.2 + 0.6 * -0.2 + 1.0 * 1.5;
        double trSqrt = Math.Sqrt(trProduct + 2 * Math.Sqrt(det1 * det2));
        double expected = Math.Pow(mu1[0] - mu2[0], 2) + Math.Pow(mu1[1] - mu2[1], 2) + 3.0 + 2.0 - 2 * trSqrt;

        using var a = Exact(mu1, s1, 500, 3);
        using var b = Exact(mu2, s2, 700, 4);
        Assert.Equal(expected, FrechetDistance.Compute(Stats(a), Stats(b)), 1e-6);

        // Diagonal covariances in 16-d: Σ (σ1 + σ2 − 2 sqrt(σ1 σ2)) + |Δμ|².
        int d = 16;
        var m1 = Enumerable.Range(0, d).Select(i => 0.1 * i).ToArray();
        var m2 = Enumerable.Range(0, d).Select(i => 0.3 - 0.05 * i).ToArray();
        var v1 = Enumerable.Range(0, d).Select(i => 0.5 + 0.1 * i).ToArray();
        var v2 = Enumerable.Range(0, d).Select(i => 2.0 - 0.07 * i).ToArray();
        var c1 = new double[d, d];
        var c2 = new double[d, d];
        for (int i = 0; i < d; i++) { c1[i, i] = v1[i]; c2[i, i] = v2[i]; }
        double diag = Enumerable.Range(0, d).Sum(i => Math.Pow(m1[i] - m2[i], 2) + v1[i] + v2[i] - 2 * Math.Sqrt(v1[i] * v2[i]));
        using var x = Exact(m1, c1, 400, 5);
        using var y = Exact(m2, c2, 400, 6);
        Assert.Equal(diag, FrechetDistance.Compute(Stats(x), Stats(y)), 1e-6);

        // Moments given directly.
        using var mt1 = tensor(m1);
        using var mt2 = tensor(m2);
        using var ct1 = tensor(c1.Cast<double>().ToArray(), new long[] { d, d });
        using var ct2 = tensor(c2.Cast<double>().ToArray(), new long[] { d, d });
        Assert.Equal(diag, FrechetDistance.Compute(mt1, ct1, mt2, ct2), 1e-9);
    }

    [Fact]
    public void MergedShardsEqualTheWholeSet()
    {
        using var x = Samples(250, 32, 7).to(ScalarType.Float32);
        var whole = Stats(x);
        var a = Stats(x.narrow(0, 0, 100));
        var b = Stats(x.narrow(0, 100, 60));
        var c = Stats(x.narrow(0, 160, 90));
        var merged = c.Merge(a).Merge(b);
        Assert.Equal(whole.Count, merged.Count);
        for (int i = 0; i < whole.Sum.Count; i++) Assert.Equal(whole.Sum[i], merged.Sum[i], 1e-9);
        for (int i = 0; i < whole.SumOfOuterProducts.Count; i++) Assert.Equal(whole.SumOfOuterProducts[i], merged.SumOfOuterProducts[i], 1e-9);
        Assert.InRange(FrechetDistance.Compute(whole, merged), 0, 1e-9);

        // Integer-valued features: every sum is exact, so the shards merge bit for bit.
        using var g = new torch.Generator(8);
        using var ints = randint(-20, 20, new long[] { 90, 8 }, generator: g).to(ScalarType.Float32);
        var w = Stats(ints);
        var m = Stats(ints.narrow(0, 0, 45)).Merge(Stats(ints.narrow(0, 45, 45)));
        Assert.Equal(w.Sum, m.Sum);
        Assert.Equal(w.SumOfOuterProducts, m.SumOfOuterProducts);
    }

    [Fact]
    public void StatisticsRoundTripThroughSafetensors()
    {
        using var tmp = new TempFolder();
        using var x = Samples(40, 8, 9);
        var s = Stats(x);
        var path = tmp.Combine("stats.safetensors");
        s.Save(path);
        var back = FeatureStatistics.Load(path);
        Assert.Equal(s.Count, back.Count);
        Assert.Equal(s.Sum, back.Sum);
        Assert.Equal(s.SumOfOuterProducts, back.SumOfOuterProducts);
        using var cov = s.Covariance();
        using var centred = x - x.mean(new long[] { 0 }, keepdim: true);
        using var expected = centred.t().matmul(centred) / Scalars.S(39.0);
        Assert.True(cov.allclose(expected, rtol: 1e-10, atol: 1e-12));
    }
}
