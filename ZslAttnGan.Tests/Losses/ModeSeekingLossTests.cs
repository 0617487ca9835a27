using ZslAttnGan.Testing;
using ZslAttnGan.Losses;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Training;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Losses;

public class ModeSeekingLossTests
{
    private static Tensor Filled(long b, int size, float value) =>
        tensor(Enumerable.Repeat(value, (int)(b * 3 * size * size)).ToArray(), new long[] { b, 3, size, size });

    [Fact]
    public void TheTermIsTheReciprocalMeanAbsoluteDifferenceAndPushesThePairApart()
    {
        using var scope = NewDisposeScope();
        var a = Filled(2, 4, 0f).requires_grad_(true);
        var b = Filled(2, 4, 0.5f);
        var loss = ModeSeekingLoss.Compute(a, b);
        Assert.Equal(1 / (0.5 + ModeSeekingLoss.DefaultEpsilon), loss.item<float>(), 4);
        loss.backward();
        // d/da 1/(D + ε) = −sign(a − b) / (N (D + ε)²): a lies below b, so descent moves it further down, away from b.
        double expected = 1.0 / (a.numel() * Math.Pow(0.5 + ModeSeekingLoss.DefaultEpsilon, 2));
        Assert.All(a.grad!.data<float>().ToArray(), g => Assert.Equal(expected, g, 4));

        // Identical images: the largest value, 1/ε, not an infinity.
        Assert.Equal(1 / ModeSeekingLoss.DefaultEpsilon, ModeSeekingLoss.Compute(b, b).item<float>(), 0);
    }

    [Fact]
    public void BadInputsAreRefusedByName()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("second", Assert.Throws<ArgumentException>(() => ModeSeekingLoss.Compute(Filled(2, 4, 0), Filled(1, 4, 0))).ParamName);
        Assert.Equal("first", Assert.Throws<ArgumentException>(() => ModeSeekingLoss.Compute(zeros(2, 4), zeros(2, 4))).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => ModeSeekingLoss.Compute(Filled(1, 4, 0), Filled(1, 4, 0), 0)).ParamName);
        Assert.Throws<ArgumentException>(() => new LossOptions { ModeSeekingWeight = -1 }.Validate());
    }

    [Fact]
    public void GanTrainingWithTheTermLogsItAndStaysFinite()
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using var trainer = new GanTrainer(model, TinyModels.Vocabulary(), new LossOptions { ModeSeekingWeight = 1 }, TinyModels.Training());
        var result = trainer.Train(new TinyTrainingData(2), 2);
        Assert.Contains("mode_seeking", result.LastLosses.Keys);
        Assert.True(result.LastLosses["mode_seeking"] > 0);
        Assert.All(result.LastLosses, kv => Assert.True(double.IsFinite(kv.Value), kv.Key));
    }

    [Theory]
    [InlineData(16, 1.0, 16)]
    [InlineData(16, 0.5, 8)]
    [InlineData(15, 0.5, 8)]
    [InlineData(4, 0.01, 2)]
    [InlineData(3, 1.0 / 3, 2)]
    [InlineData(2, 0.5, 2)]
    [InlineData(40, 0.3, 12)]
    public void TheBatchShareChoosesTheRowsThatGetASecondImage(long batch, double share, long rows) =>
        Assert.Equal(rows, GanPhase.ModeSeekingRows(batch, share));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ABatchShareOutsideZeroToOneIsRefused(double share) =>
        Assert.Equal("ModeSeekingBatchShare", Assert.Throws<ArgumentOutOfRangeException>(() => new LossOptions { ModeSeekingBatchShare = share }.Validate()).ParamName);

    [Fact]
    public void GanTrainingWithHalfTheBatchPairedLogsTheTermAndStaysFinite()
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using var trainer = new GanTrainer(model, TinyModels.Vocabulary(), new LossOptions { ModeSeekingWeight = 1, ModeSeekingBatchShare = 0.5 }, TinyModels.Training());
        var result = trainer.Train(new TinyTrainingData(2), 2);
        Assert.True(result.LastLosses["mode_seeking"] > 0);
        Assert.All(result.LastLosses, kv => Assert.True(double.IsFinite(kv.Value), kv.Key));
    }
}
