using ZslAttnGan.Discrimination;
using ZslAttnGan.Losses;

namespace ZslAttnGan.Tests.Losses;

public class DamsmLossTests
{
    [Fact]
    public void MatchingLossIsSymmetricForSymmetricScoresAndNearZeroForPerfectMatches()
    {
        using var scope = NewDisposeScope();
        var s = randn(4, 4);
        var (l0, l1) = DamsmLoss.MatchingLoss(s.Plus(s.t()), null);
        TensorAssert.Close(l0, l1, 1e-6, "symmetric");
        var (p0, p1) = DamsmLoss.MatchingLoss(eye(4) * Scalars.S(100), null);
        Assert.True(p0.item<float>() < 1e-6 && p1.item<float>() < 1e-6);
    }

    [Fact]
    public void SameClassPairsAreMaskedButTheDiagonalNever()
    {
        using var scope = NewDisposeScope();
        var mask = DamsmLoss.ClassMask(tensor(new long[] { 3, 5, 3, 3 }));
        var expected = tensor(new bool[,] { { false, false, true, true }, { false, false, false, false }, { true, false, false, true }, { true, false, true, false } });
        Assert.True(mask.eq(expected).all().item<bool>());
    }

    [Fact]
    public void WordScoresIgnorePaddedWordContent()
    {
        using var scope = NewDisposeScope();
        var damsm = new DamsmLoss();
        var regions = randn(2, 6, 3, 3);
        var words = randn(2, 6, 4);
        var lens = tensor(new long[] { 4, 2 });
        var (a, _) = damsm.WordScores(regions, words, lens);
        var noisy = words.clone();
        noisy[1, .., 2..] = randn(6, 2);
        var (b, _) = damsm.WordScores(regions, noisy, lens);
        TensorAssert.Close(a, b, 1e-6, "padding must not count");
    }

    [Fact]
    public void BatchOfOneGivesZeroMatchingLoss()
    {
        using var scope = NewDisposeScope();
        var r = new DamsmLoss().Compute(randn(1, 6, 3, 3), randn(1, 6, 2), tensor(new long[] { 2 }), randn(1, 6), randn(1, 6));
        Assert.Equal(0f, r.Total.item<float>(), 6);
        Assert.Equal(new long[] { 1, 2, 3, 3 }, r.AttentionMaps.shape);
    }

    [Theory]
    [InlineData("words")]
    [InlineData("lengths")]
    [InlineData("sentenceCodes")]
    [InlineData("classIds")]
    public void BadInputNamesTheArgument(string kind)
    {
        using var scope = NewDisposeScope();
        var regions = randn(2, 6, 3, 3); var words = randn(2, 6, 4); var lens = tensor(new long[] { 4, 2 });
        var img = randn(2, 6); var sent = randn(2, 6); Tensor? ids = tensor(new long[] { 1, 2 });
        switch (kind)
        {
            case "words": words = randn(2, 5, 4); break;
            case "lengths": lens = tensor(new long[] { 5, 2 }); break;
            case "sentenceCodes": sent = randn(3, 6); break;
            case "classIds": ids = tensor(new long[] { 1, 2, 3 }); break;
        }
        var ex = Assert.ThrowsAny<ArgumentException>(() => new DamsmLoss().Compute(regions, words, lens, img, sent, ids));
        Assert.Equal(kind, ex.ParamName);
    }

    [Fact]
    public void DiscriminatorLossWorksForABatchOfOneWithoutTheMismatchedTerm()
    {
        using var scope = NewDisposeScope();
        using var d = new ImageDiscriminator(64, 2, 8);
        d.eval();
        var r = GanLosses.Discriminator(d, randn(1, 3, 64, 64), randn(1, 3, 64, 64), randn(1, 8));
        Assert.Null(r.CondWrong);
        TensorAssert.Close((r.UncondReal!.Plus(r.CondReal) / Scalars.S(2)).Plus(r.UncondFake!.Plus(r.CondFake) / Scalars.S(2)), r.Total, 1e-6, "errD");
        Assert.True(float.IsFinite(r.Total.item<float>()));
    }

    [Fact]
    public void DiscriminatorRejectsWrongImageSizeAndConditionSize()
    {
        using var scope = NewDisposeScope();
        using var d = new ImageDiscriminator(128, 2, 8);
        Assert.Equal("image", Assert.Throws<ArgumentException>(() => d.forward(randn(2, 3, 64, 64))).ParamName);
        var code = randn(2, 16, 4, 4);
        Assert.Equal("sentence", Assert.Throws<ArgumentException>(() => d.Conditional.forward(code, randn(2, 7))).ParamName);
    }
}
