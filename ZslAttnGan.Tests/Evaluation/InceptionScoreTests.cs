using ZslAttnGan.Evaluation;

namespace ZslAttnGan.Tests.Evaluation;

public class InceptionScoreTests
{
    [Fact]
    public void UniformPredictionsScoreOne()
    {
        using var p = full(200, 7, Scalars.S(1.0 / 7), dtype: ScalarType.Float64);
        var s = InceptionScore.FromProbabilities(p);
        Assert.Equal(1.0, s.Value, 1e-12);
        Assert.Equal(0.0, s.Std, 1e-12);
        using var logits = zeros(200, 7);
        Assert.Equal(1.0, InceptionScore.FromLogits(logits).Value, 1e-9);
    }

    [Fact]
    public void OneHotPredictionsSpreadOverAllClassesScoreTheClassCount()
    {
        const int k = 5;
        using var p = zeros(100, k, dtype: ScalarType.Float64);
        for (int i = 0; i < 100; i++) p[i, i % k].fill_(Scalars.S(1.0));
        var s = InceptionScore.FromProbabilities(p, splits: 10);
        Assert.Equal(k, s.Value, 1e-9);
        Assert.Equal(0.0, s.Std, 1e-9);
        Assert.Equal(100, s.Count);
        // Very confident logits approach the same value.
        using var logits = p * Scalars.S(60.0);
        Assert.Equal(k, InceptionScore.FromLogits(logits).Value, 1e-6);
        // All images the same class: p(y) is one-hot too and the score is 1.
        using var same = zeros(50, k, dtype: ScalarType.Float64);
        same[.., 2].fill_(Scalars.S(1.0));
        Assert.Equal(1.0, InceptionScore.FromProbabilities(same, 5).Value, 1e-12);
    }

    [Fact]
    public void RejectsTooFewRowsForTheSplits()
    {
        using var p = full(5, 3, Scalars.S(1.0 / 3), dtype: ScalarType.Float32);
        Assert.Throws<ArgumentException>(() => InceptionScore.FromProbabilities(p, 10));
    }
}
