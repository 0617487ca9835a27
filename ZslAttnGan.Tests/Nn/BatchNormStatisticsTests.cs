using ZslAttnGan.Nn;

namespace ZslAttnGan.Tests.Nn;

public class BatchNormStatisticsTests
{
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        public readonly BatchNorm Norm = new(3);
        public readonly TorchSharp.Modules.Dropout Drop = nn.Dropout(0.5);

        public Net() : base(nameof(Net)) => RegisterComponents();

        public override Tensor forward(Tensor x) => Drop.forward(Norm.forward(x));
    }

    [Fact]
    public void TheStatisticsBecomeThePlainAverageOfTheBatchesAndModesAreRestored()
    {
        using var scope = NewDisposeScope();
        var net = new Net();
        net.eval();
        net.Drop.train();   // a mode of another layer that must survive
        // Old statistics from "training" with other data: they must not leak into the result.
        net.Norm.train();
        net.Norm.forward(randn(8, 3).mul(Scalars.S(10)));
        net.Norm.eval();

        var g = new Generator(5);
        var batches = Enumerable.Range(0, 4).Select(i => randn(new long[] { 6, 3 }, generator: g).Plus(i)).ToList();
        int layers = BatchNormStatistics.Recalibrate(net, batches.Count, i => net.Norm.forward(batches[i]));
        Assert.Equal(1, layers);

        var state = net.Norm.state_dict();
        var expectedMean = stack(batches.Select(b => b.mean(new long[] { 0 })).ToArray()).mean(new long[] { 0 });
        var expectedVar = stack(batches.Select(b => b.var(0, unbiased: true)).ToArray()).mean(new long[] { 0 });
        Assert.True(state["running_mean"].allclose(expectedMean, 1e-5, 1e-6), "running mean is not the average of the batch means");
        Assert.True(state["running_var"].allclose(expectedVar, 1e-5, 1e-6), "running variance is not the average of the batch variances");
        Assert.False(net.Norm.training);
        Assert.True(net.Drop.training);
        Assert.Null(net.Norm.CumulativeBatches);

        // Afterwards the layer is back to the exponential momentum.
        net.Norm.train();
        net.Norm.forward(zeros(6, 3));
        Assert.True(net.Norm.state_dict()["running_mean"].allclose(expectedMean.mul(Scalars.S(0.9)), 1e-5, 1e-6));
    }

    [Fact]
    public void AModuleWithoutBatchNormIsLeftAlone()
    {
        using var scope = NewDisposeScope();
        var linear = nn.Linear(2, 2);
        int calls = 0;
        Assert.Equal(0, BatchNormStatistics.Recalibrate(linear, 3, _ => calls++));
        Assert.Equal(0, calls);
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormStatistics.Recalibrate(linear, 0, _ => { }));
    }
}
