using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Generation;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using BatchNorm = ZslAttnGan.Nn.BatchNorm;

namespace ZslAttnGan.Tests.Nn;

/// <summary>Fusing layers for inference (batch norm folded into the convolution before it, nearest up-sampling merged
/// into the convolution after it): the same outputs up to rounding, only in eval mode without gradients, with an
/// unchanged state dict, and undone by disposing.</summary>
public class InferenceFusionTests
{
    /// <summary>conv (with or without bias) → BN with statistics far from the identity → GLU, in eval mode.</summary>
    private static Sequential Block(bool convBias, long seed)
    {
        using var g = new Generator((ulong)seed);
        var conv = new Convolution2d(6, 8, 3, stride: 1, padding: 1, hasBias: convBias);
        var bn = new BatchNorm(8);
        using (no_grad())
        {
            conv.Weight.copy_(randn(conv.Weight.shape, generator: g));
            conv.Bias?.copy_(randn(8, generator: g));
            bn.Weight.copy_(randn(8, generator: g));
            bn.Bias.copy_(randn(8, generator: g));
            bn.RunningMean.copy_(randn(8, generator: g).Times(3));
            bn.RunningVar.copy_(rand(8, generator: g).Times(4).Plus(0.05));
        }
        var block = nn.Sequential(conv, bn, new Glu());
        block.eval();
        return block;
    }

    private static Tensor Input(long seed)
    {
        using var g = new Generator((ulong)seed);
        return randn(new long[] { 3, 6, 7, 5 }, generator: g);
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    private static Tensor Run(nn.Module<Tensor, Tensor> m, Tensor x)
    {
        using var _ = no_grad();
        return m.forward(x);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FoldedOutputsEqualThePlainPairUpToRounding(bool convBias)
    {
        using var scope = NewDisposeScope();
        using var block = Block(convBias, 11);
        var x = Input(12);
        var plain = Run(block, x);
        using var folded = InferenceFusion.Fuse(block);
        Assert.Equal(1, folded.FoldedBatchNorms);
        Assert.Equal(0, folded.MergedUpsamplings);
        var actual = Run(block, x);
        var scale = plain.abs().max().item<float>();
        Assert.True(actual.allclose(plain, rtol: 0, atol: 1e-5 * scale), $"max difference {(actual - plain).abs().max().item<float>()} at scale {scale}");
    }

    [Fact]
    public void TheFoldedPathRunsFromASnapshotThatRefreshRenews()
    {
        using var scope = NewDisposeScope();
        using var block = Block(false, 21);
        var x = Input(22);
        using var folded = InferenceFusion.Fuse(block);
        var before = Run(block, x);
        var bn = (BatchNorm)block.children().ElementAt(1);
        using (no_grad()) bn.Bias.add_(ones(8), alpha: Scalars.S(1));
        // The snapshot still holds the old β, so the output cannot have changed: proof that the batch norm itself did not run.
        Assert.True(Same(Run(block, x), before));
        folded.Refresh();
        var after = Run(block, x);
        Assert.False(after.allclose(before, rtol: 0, atol: 1e-3));
        folded.Dispose();
        var plain = Run(block, x);
        Assert.True(after.allclose(plain, rtol: 0, atol: 1e-5 * plain.abs().max().item<float>()));
    }

    [Fact]
    public void TheSnapshotSurvivesTheDisposeScopeOfTheCallThatTookIt()
    {
        using var block = Block(false, 61);
        using var x = Input(62);
        using var folded = InferenceFusion.Fuse(block);
        // As the pipeline calls it: every pass inside its own scope.
        for (int i = 0; i < 2; i++)
        {
            using var scope = NewDisposeScope();
            Assert.False(Run(block, x).isnan().any().item<bool>());
        }
    }

    [Fact]
    public void TrainingModeAndGradientPassesAreUntouchedAndDisposingRestoresThePlainModules()
    {
        using var scope = NewDisposeScope();
        using var block = Block(true, 31);
        var x = Input(32);
        var plainEval = Run(block, x);
        var plainWithGrad = block.forward(x).detach();
        block.train();
        var plainTrain = Run(block, x);
        block.eval();
        // Training mode updated the running statistics; start again from the same weights for a clean comparison.
        using var fresh = Block(true, 31);
        var freshEval = Run(fresh, x);
        var freshWithGrad = fresh.forward(x).detach();

        using (var folded = InferenceFusion.Fuse(fresh))
        {
            // Gradients on: the plain path, bit for bit.
            Assert.True(Same(fresh.forward(x).detach(), freshWithGrad));
            fresh.train();
            Assert.True(Same(Run(fresh, x), plainTrain), "training mode must normalise with batch statistics as before");
            fresh.eval();
        }
        // Disposed: the plain eval path again (the training pass above moved the statistics as it did for `block`).
        Assert.True(Same(Run(fresh, x), Run(block, x)));
        Assert.True(Same(freshEval, plainEval) && Same(freshWithGrad, plainWithGrad));
    }

    [Fact]
    public void TheStateDictIsUnchangedAndAPairCannotBeFoldedTwice()
    {
        using var scope = NewDisposeScope();
        using var block = Block(false, 41);
        var before = block.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var folded = InferenceFusion.Fuse(block);
        Run(block, Input(42));
        var after = block.state_dict();
        Assert.Equal(before.Keys.OrderBy(k => k), after.Keys.OrderBy(k => k));
        foreach (var (key, value) in before) Assert.True(Same(after[key], value), key);
        Assert.Throws<InvalidOperationException>(() => InferenceFusion.Fuse(block));
        Assert.Throws<ArgumentNullException>(() => InferenceFusion.Fuse(null!));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void AMergedUpsamplingGivesTheUpBlocksValues(bool channelsLast, bool bias)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(71);
        // 6 → 10 channels (not multiples of 16: the convolution's safe-input rule applies), 33 × 40 ≥ the size threshold.
        var conv = new Convolution2d(6, 10, 3, stride: 1, padding: 1, hasBias: bias);
        using (no_grad()) conv.Weight.copy_(randn(conv.Weight.shape, generator: g));
        using var block = nn.Sequential(new NearestUpsample(), conv, new Glu());
        block.eval();
        var x = randn(new long[] { 2, 6, 33, 40 }, generator: g);
        if (channelsLast) x = MemoryFormats.ToChannelsLast(x);
        var plain = Run(block, x);
        using var fused = InferenceFusion.Fuse(block);
        Assert.Equal(1, fused.MergedUpsamplings);
        Assert.Equal(0, fused.FoldedBatchNorms);
        var actual = Run(block, x);
        Assert.Equal(plain.shape, actual.shape);
        var scale = plain.abs().max().item<float>();
        Assert.True(actual.allclose(plain, rtol: 0, atol: 1e-5 * scale), $"max difference {(actual - plain).abs().max().item<float>()} at scale {scale}");
        // A small input keeps the plain path (the threshold), with the same values.
        var small = randn(new long[] { 2, 6, 5, 7 }, generator: g);
        fused.Dispose();
        var smallPlain = Run(block, small);
        using var again = InferenceFusion.Fuse(block);
        Assert.True(Same(Run(block, small), smallPlain));
    }

    [Fact]
    public void AnUpBlockGivesItsValuesOnSmallAndLargeInputsInEitherOrder()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(91);
        using var block = Blocks.UpBlock(6, 5);
        using (no_grad())
        {
            foreach (var p in block.parameters()) p.copy_(randn(p.shape, generator: g));
            var bn = block.modules().OfType<BatchNorm>().Single();
            bn.RunningMean.copy_(randn(10, generator: g));
            bn.RunningVar.copy_(rand(10, generator: g).Plus(0.1));
        }
        block.eval();
        var small = randn(new long[] { 2, 6, 4, 5 }, generator: g);   // below the merge threshold: folded weight
        var large = randn(new long[] { 2, 6, 17, 16 }, generator: g); // above it: parity kernels
        var expected = new[] { Run(block, small), Run(block, large) };
        foreach (var order in new[] { new[] { 0, 1, 0 }, new[] { 1, 0, 1 } })
        {
            using var fused = InferenceFusion.Fuse(block);
            foreach (var i in order)
            {
                var actual = Run(block, i == 0 ? small : large);
                var scale = expected[i].abs().max().item<float>();
                Assert.True(actual.allclose(expected[i], rtol: 0, atol: 1e-5 * scale), $"input {i}: max difference {(actual - expected[i]).abs().max().item<float>()}");
            }
        }
    }

    [Theory]
    [InlineData(1, 4, 3, 3)]
    [InlineData(2, 16, 32, 32)]
    public void SubPixelUpsamplingEqualsUpsampleThenConvolution(long n, long c, long h, long w)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(81);
        var x = randn(new long[] { n, c, h, w }, dtype: ScalarType.Float64, generator: g);
        var weight = randn(new long[] { 5, c, 3, 3 }, dtype: ScalarType.Float64, generator: g);
        var bias = randn(new long[] { 5 }, dtype: ScalarType.Float64, generator: g);
        var up = nn.functional.interpolate(x, scale_factor: new[] { 2.0, 2.0 }, mode: InterpolationMode.Nearest);
        var expected = nn.functional.conv2d(up, weight, bias, padding: new long[] { 1, 1 });
        var actual = SubPixelUpsampling.Forward(x, SubPixelUpsampling.Kernels(weight), bias);
        Assert.Equal(expected.shape, actual.shape);
        // Float64: only the reordered sums differ.
        Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-10), $"max difference {(actual - expected).abs().max().item<double>()}");
        Assert.Throws<ArgumentException>(() => SubPixelUpsampling.Kernels(randn(5, c, 2, 2)));
    }

    [Fact]
    public void NearestUpsampleIsTorchsUpsample()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 5, 4);
        using var ours = new NearestUpsample();
        using var theirs = nn.Upsample(scale_factor: new[] { 2.0, 2.0 }, mode: UpsampleMode.Nearest);
        Assert.True(Same(ours.forward(x), theirs.forward(x)));
        Assert.True(Same(ours.forward(MemoryFormats.ToChannelsLast(x)), theirs.forward(MemoryFormats.ToChannelsLast(x))));
        Assert.Throws<ArgumentException>(() => ours.forward(randn(2, 3)));
    }

    [Fact]
    public void TheGeneratorsBlocksAreFoldedAndItsImagesStayTheSame()
    {
        using var scope = NewDisposeScope();
        using var generator = new AttnGenerator(new GeneratorOptions(Ngf: 16, Branches: 2, ResidualBlocks: 1, WordSize: 32, ConditionSize: 32, NoiseSize: 8, BaseSize: 32));
        // Statistics away from the identity, as after training.
        using (no_grad())
        {
            using var g = new Generator(51);
            foreach (var bn in generator.modules().OfType<BatchNorm>())
            {
                bn.Weight.copy_(rand(bn.Features, generator: g).Plus(0.5));
                bn.RunningVar.copy_(rand(bn.Features, generator: g).Plus(0.5));
            }
        }
        generator.eval();
        using var rng = new Generator(52);
        var sentence = randn(new long[] { 2, 32 }, generator: rng);
        var words = randn(new long[] { 2, 32, 6 }, generator: rng);
        var mask = zeros(new long[] { 2, 6 }, dtype: ScalarType.Bool);
        Tensor Images()
        {
            using var _ = no_grad();
            using var noise = new Generator(53);
            return generator.Generate(sentence, words, mask, generator: noise).Images[^1];
        }
        var plain = Images();
        using var folded = InferenceFusion.Fuse(generator);
        Assert.True(folded.FoldedBatchNorms >= generator.modules().OfType<Sequential>().Count(s => s.children().OfType<BatchNorm>().Any()));
        Assert.Equal(generator.modules().OfType<NearestUpsample>().Count(), folded.MergedUpsamplings);
        var actual = Images();
        Assert.True(actual.allclose(plain, rtol: 0, atol: 1e-4), $"max difference {(actual - plain).abs().max().item<float>()}");
    }
}
