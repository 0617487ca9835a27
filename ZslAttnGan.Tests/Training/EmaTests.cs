using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Training;

public class EmaTests
{
    [Fact]
    public void UpdateMovesTheAverageTowardsTheLiveWeightsAndSwapExchangesThem()
    {
        using var scope = NewDisposeScope();
        var m = nn.Linear(2, 1);
        using (no_grad()) { m.weight!.fill_(Scalars.S(0)); m.bias!.fill_(Scalars.S(0)); }
        using var ema = new ExponentialMovingAverage(m, 0.9);
        using (no_grad()) { m.weight!.fill_(Scalars.S(1)); m.bias!.fill_(Scalars.S(1)); }
        ema.Update();
        Assert.Equal(0.1f, ema.StateDict()["weight"][0, 0].item<float>(), 6);
        ema.Update(0.5);
        Assert.Equal(0.55f, ema.StateDict()["weight"][0, 0].item<float>(), 6);
        ema.Swap();
        Assert.Equal(0.55f, m.weight![0, 0].item<float>(), 6);
        Assert.Equal(1f, ema.StateDict()["weight"][0, 0].item<float>(), 6);
    }

    [Fact]
    public void WarmupStartsFastAndReachesTheConfiguredDecay()
    {
        var o = new TrainingOptions { EmaDecay = 0.999, EmaWarmup = true };
        Assert.Equal(2.0 / 11, o.EmaDecayAt(1), 12);
        Assert.Equal(0.999, o.EmaDecayAt(100_000), 12);
        Assert.Equal(0.999, (o with { EmaWarmup = false }).EmaDecayAt(1), 12);
    }
}

public class EmptyDataTests
{
    private sealed class Empty : ITrainingData
    {
        public int BatchesPerEpoch => 3;
        public int ClassCount => TinyModels.ClassCount;
        public IReadOnlyList<int> ImageSizes => new[] { 32, 64 };
        public IEnumerable<ITrainingBatch> Batches(int epoch, int startBatch, Device device, CancellationToken cancellationToken) => [];
    }

    [Fact]
    public void ADataSourceWithoutBatchesFailsInsteadOfLoopingForever()
    {
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training());
        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Train(new Empty(), 5));
        Assert.Contains("no batch", ex.Message);
    }
}
