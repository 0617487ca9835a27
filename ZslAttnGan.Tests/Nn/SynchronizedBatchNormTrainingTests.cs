using ZslAttnGan.Collectives;
using ZslAttnGan.Discrimination;
using ZslAttnGan.Nn;
using ZslAttnGan.Training;
using ZslAttnGan.Vision;

namespace ZslAttnGan.Tests.Nn;

/// <summary>SynchronizedBatchNorm in training (Adam steps of a small conv net) and
/// <see cref="SynchronizedBatchNorm.Convert"/> on our components and on TorchSharp's BatchNorms.</summary>
public class SynchronizedBatchNormTrainingTests
{
    private const int Batch = 8, Steps = 5;

    /// <summary>conv → BatchNorm → ReLU → conv → BatchNorm → mean pool → linear. Bias-free convolutions (a bias before
    /// BatchNorm has a zero gradient, which Adam would turn into noise-sized steps of either sign).</summary>
    private sealed class ConvNet : nn.Module<Tensor, Tensor>
    {
        // The library's convolution, as in every component: TorchSharp's NCHW Conv2d with 3 or 4 channels runs oneDNN
        // kernels that read uninitialised padding in this libtorch build, and gave NaN gradients in 2 runs of 8.
        private readonly Convolution2d conv1 = new(3, 4, 3, padding: 1, hasBias: false);
        private readonly BatchNorm bn1 = new(4);
        private readonly Convolution2d conv2 = new(4, 4, 3, padding: 1, hasBias: false);
        private readonly BatchNorm bn2 = new(4);
        private readonly TorchSharp.Modules.Linear head = nn.Linear(4, 2);

        public ConvNet() : base(nameof(ConvNet)) => RegisterComponents();

        public override Tensor forward(Tensor x) =>
            head.forward(bn2.forward(conv2.forward(nn.functional.relu(bn1.forward(conv1.forward(x))))).mean(new long[] { 2, 3 }));
    }

    /// <summary>Trains a <see cref="ConvNet"/> from <paramref name="initial"/> for <see cref="Steps"/> Adam steps on the
    /// rank's rows of <paramref name="inputs"/>/<paramref name="targets"/> and returns its state (parameters and
    /// BatchNorm statistics) as arrays.</summary>
    private static Dictionary<string, double[]> Train(Dictionary<string, Tensor> initial, Tensor[] inputs, Tensor[] targets, IProcessGroup group, bool synchronized)
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet();
        using (no_grad())
            foreach (var (name, value) in net.state_dict()) value.copy_(initial[name]);
        if (synchronized) Assert.Equal(2, SynchronizedBatchNorm.Convert(net, group));
        net.train();
        using var adam = new AdamOptimizer(net.parameters(), 0.01);
        long rows = Batch / group.Size;
        for (int step = 0; step < Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            adam.ZeroGrad();
            var x = inputs[step].narrow(0, group.Rank * rows, rows);
            var t = targets[step].narrow(0, group.Rank * rows, rows);
            // Per-sample loss, mean over the rank's rows; AverageGradients makes it the mean over the global batch.
            var loss = net.forward(x).sub(t).square().sum(1).mean();
            loss.backward();
            group.AverageGradients(net.parameters());
            adam.Step();
        }
        return net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float64).contiguous().data<double>().ToArray());
    }

    private static (Dictionary<string, Tensor> Initial, Tensor[] Inputs, Tensor[] Targets) TrainingData()
    {
        var g = new Generator(3);
        var initial = new ConvNet();
        var state = initial.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        foreach (var p in state.Keys.Where(k => k.StartsWith("conv") || k.StartsWith("head.weight")))
            using (no_grad()) state[p].normal_(0, 0.5, generator: g);
        var inputs = Enumerable.Range(0, Steps).Select(_ => randn(new long[] { Batch, 3, 6, 6 }, generator: g).Plus(0.5)).ToArray();
        var targets = Enumerable.Range(0, Steps).Select(_ => randn(new long[] { Batch, 2 }, generator: g)).ToArray();
        return (state, inputs, targets);
    }

    private static double MaxDifference(Dictionary<string, double[]> a, Dictionary<string, double[]> b)
    {
        Assert.Equal(a.Keys, b.Keys);
        // NaN would compare as no difference (Max skips it): fail instead.
        Assert.DoesNotContain(a.Values.Concat(b.Values).SelectMany(v => v), double.IsNaN);
        return a.Keys.Max(k => a[k].Zip(b[k], (x, y) => Math.Abs(x - y)).Max());
    }

    [Fact]
    public void FiveAdamStepsOnTwoRanksWithHalfTheBatchEqualFiveStepsOnOneProcessOnlyWhenSynchronized()
    {
        using var scope = NewDisposeScope();
        var (initial, inputs, targets) = TrainingData();
        var single = Train(initial, inputs, targets, SingleProcessGroup.Instance, synchronized: false);
        var synced = InProcessGroup.Run(2, g => Train(initial, inputs, targets, g, synchronized: true));
        var perRank = InProcessGroup.Run(2, g => Train(initial, inputs, targets, g, synchronized: false));

        Assert.Equal(0, MaxDifference(synced[0], synced[1]));   // the ranks stay bit-identical
        double syncedDifference = MaxDifference(single, synced[0]);
        Assert.True(syncedDifference <= 1e-5, $"synchronised: max |Δ| = {syncedDifference}");
        // Without synchronisation the same comparison fails (the test can fail).
        double perRankDifference = MaxDifference(single, perRank[0]);
        Assert.True(perRankDifference > 1e-3, $"per-rank BatchNorm: max |Δ| = {perRankDifference}");
    }

    [Fact]
    public void ConvertSwitchesTheBatchNormsOfOurComponentsKeepingKeysAndOutputs()
    {
        using var scope = NewDisposeScope();
        var model = TinyModels.Model();
        var modules = new[] { model.Generator.Module, model.ImageEncoder.Module }.Concat(model.Discriminators.Select(d => d.Module)).ToList();
        var keys = modules.Select(m => m.state_dict().Keys.ToList()).ToList();
        var counting = new CountingGroup(SingleProcessGroup.Instance);
        int converted = modules.Sum(m => SynchronizedBatchNorm.Convert(m, counting));
        Assert.True(converted > 0);
        Assert.Equal(converted, modules.Sum(m => m.modules().OfType<BatchNorm>().Count(b => b.ProcessGroup == counting)));
        Assert.Equal(keys, modules.Select(m => m.state_dict().Keys.ToList()).ToList());

        // A discriminator in training mode: same features as before, and every BatchNorm went through the group.
        var discriminator = new ImageDiscriminator(32, ndf: 2, conditionSize: 16);
        var images = randn(new long[] { 4, 3, 32, 32 }, generator: new Generator(2));
        var conditions = randn(new long[] { 4, 16 }, generator: new Generator(3));
        discriminator.train();
        var before = discriminator.ConditionalLogits(discriminator.Features(images), conditions);
        int layers = SynchronizedBatchNorm.Convert(discriminator, counting);
        int calls = counting.AllReduces;
        var after = discriminator.ConditionalLogits(discriminator.Features(images), conditions);
        Assert.True(layers > 0);
        // Three in the image encoding, one in the conditional head.
        Assert.Equal(layers, counting.AllReduces - calls);
        Assert.True(after.allclose(before, 1e-4, 1e-5), "the synchronised discriminator's logits differ");
    }

    [Fact]
    public void ConvertReachesABatchNormHeldInATypedField()
    {
        using var scope = NewDisposeScope();
        var unit = new ConvBnLeakyRelu(3, 4);
        var counting = new CountingGroup(SingleProcessGroup.Instance);
        Assert.Equal(1, SynchronizedBatchNorm.Convert(unit, counting));
        unit.train();
        unit.forward(randn(2, 3, 5, 5));
        Assert.Equal(1, counting.AllReduces);
    }

#pragma warning disable RS0030 // TorchSharp's BatchNorms: what Convert must replace in foreign modules.
    private sealed class Foreign : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> norm = nn.BatchNorm1d(3);
        private readonly TorchSharp.Modules.Sequential block = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3, momentum: 0.3), nn.ReLU());
        private readonly TorchSharp.Modules.Linear last = nn.Linear(3, 2);

        public Foreign() : base(nameof(Foreign)) => RegisterComponents();

        public override Tensor forward(Tensor x) => last.forward(block.forward(norm.forward(x)));
    }

    private sealed class Typed : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.BatchNorm2d norm = nn.BatchNorm2d(3);

        public Typed() : base(nameof(Typed)) => RegisterComponents();

        public override Tensor forward(Tensor x) => norm.forward(x);
    }
#pragma warning restore RS0030

    [Fact]
    public void ConvertReplacesTorchSharpBatchNormsInFieldsAndSequentials()
    {
        using var scope = NewDisposeScope();
        var net = new Foreign();
        net.train();
        var x = randn(new long[] { 6, 3 }, generator: new Generator(4));
        var keys = net.state_dict().Keys.ToList();
        var before = net.forward(x);
        var counting = new CountingGroup(SingleProcessGroup.Instance);
        Assert.Equal(2, SynchronizedBatchNorm.Convert(net, counting));
        Assert.Equal(keys, net.state_dict().Keys.ToList());
        Assert.Equal(2, net.modules().OfType<SynchronizedBatchNorm>().Count());
        Assert.Equal(0.3, net.modules().OfType<SynchronizedBatchNorm>().Last().Momentum);
        var after = net.forward(x);
        Assert.Equal(2, counting.AllReduces);
        Assert.True(after.allclose(before, 1e-4, 1e-5), "the converted module's output differs");

        // The initialisers know the replacement.
        foreach (var layer in net.modules().OfType<SynchronizedBatchNorm>()) using (no_grad()) layer.Weight!.fill_(Scalars.S(2));
        Initialization.DefaultInit.Reset(net, new Generator(1));
        Assert.All(net.modules().OfType<SynchronizedBatchNorm>(), layer => Assert.True(layer.Weight!.eq(Scalars.S(1)).all().item<bool>()));

        Assert.Throws<NotSupportedException>(() => SynchronizedBatchNorm.Convert(new Typed(), counting));
    }
}
