using TorchSharp.Modules;
using ZslAttnGan.Vision;

namespace ZslAttnGan.Tests.Vision;

/// <summary>Frozen trunk, trainable heads, and the BatchNorm mode of the frozen trunk.</summary>
public class ImageEncoderTrainingTests
{
    private static IEnumerable<BatchNorm2d> BatchNorms(nn.Module module) =>
        module.modules().OfType<BatchNorm2d>();

    private static bool IsHeadKey(string key) => key.StartsWith("emb_", StringComparison.Ordinal);

    [Fact]
    public void InceptionTrunkIsFrozenAndOnlyHeadsGetGradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var encoder = ImageEncoder.InceptionV3();
        encoder.train();

        var named = encoder.named_parameters().ToList();
        Assert.All(named, p => Assert.Equal(IsHeadKey(p.name), p.parameter.requires_grad));
        // The reference counts 721,152 trainable parameters (256·768 + 256·2048 + 256).
        Assert.Equal(721_152, encoder.TrainableParameters().Sum(p => p.numel()));

        var image = rand(1, 3, 64, 64).mul(Scalars.S(2)).sub(Scalars.S(1)).requires_grad_(true); // batch size 1
        var output = encoder.call(image);
        Assert.Equal(new long[] { 1, 256, 17, 17 }, output.Regions.shape);
        Assert.Equal(new long[] { 1, 256 }, output.Code.shape);
        var loss = output.Regions.square().mean().Plus(output.Code.sum());
        loss.backward();

        foreach (var (name, p) in named)
        {
            if (IsHeadKey(name))
            {
                Assert.NotNull(p.grad);
                Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{name} got a zero gradient");
            }
            else
            {
                Assert.Null(p.grad);
            }
        }
        // Gradients still flow through the frozen trunk to the image (the GAN losses need this).
        Assert.NotNull(image.grad);
        Assert.True(image.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void TrainLeavesTheFrozenInceptionTrunkInEvalModeByDefault()
    {
        using var encoder = ImageEncoder.InceptionV3();
        encoder.train();
        Assert.True(encoder.training);
        Assert.True(encoder.Heads.training);
        Assert.False(encoder.Backbone.training);
        Assert.All(BatchNorms(encoder.Backbone), bn => Assert.False(bn.training));

        encoder.eval();
        Assert.False(encoder.Heads.training);
        Assert.All(BatchNorms(encoder.Backbone), bn => Assert.False(bn.training));
    }

    [Fact]
    public void FollowEncoderModePutsTheFrozenTrunkInTrainMode()
    {
        using var encoder = ImageEncoder.InceptionV3(new ImageEncoderOptions { TrunkBatchNorm = TrunkBatchNormMode.FollowEncoder });
        encoder.train();
        Assert.All(BatchNorms(encoder.Backbone), bn => Assert.True(bn.training));
        Assert.All(encoder.Backbone.parameters(), p => Assert.False(p.requires_grad));
        encoder.eval();
        Assert.All(BatchNorms(encoder.Backbone), bn => Assert.False(bn.training));
    }

    [Theory]
    [InlineData(TrunkBatchNormMode.Frozen, false)]
    [InlineData(TrunkBatchNormMode.FollowEncoder, true)]
    public void FrozenTrunkRunningStatisticsChangeOnlyWhenFollowingTheEncoder(TrunkBatchNormMode mode, bool expectChange)
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        // A frozen small backbone stands in for Inception here: same mechanism, a fraction of the time.
        using var encoder = new ImageEncoder(
            new ImageEncoderOptions { TrainBackbone = false, TrunkBatchNorm = mode, EmbeddingDim = 8 },
            new SmallCnnBackbone(32, baseChannels: 4, regionDownsamples: 2, codeDownsamples: 1));
        var before = encoder.state_dict().Where(kv => kv.Key.Contains("running_mean")).ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        encoder.train();
        encoder.call(rand(2, 3, 32, 32).mul(Scalars.S(2)).sub(Scalars.S(1)));
        var changed = before.Any(kv => !kv.Value.allclose(encoder.state_dict()[kv.Key]));
        Assert.Equal(expectChange, changed);
    }

    [Fact]
    public void SmallBackboneIsTrainedWithTheHeads()
    {
        using var scope = NewDisposeScope();
        manual_seed(13);
        using var encoder = ImageEncoder.SmallCnn(64);
        Assert.True(encoder.BackboneTrainable);
        Assert.All(encoder.parameters(), p => Assert.True(p.requires_grad));
        encoder.train();
        Assert.All(BatchNorms(encoder.Backbone), bn => Assert.True(bn.training));

        var output = encoder.call(rand(1, 3, 64, 64).mul(Scalars.S(2)).sub(Scalars.S(1))); // batch size 1 in train mode
        output.Regions.square().mean().Plus(output.Code.sum()).backward();
        foreach (var (name, p) in encoder.named_parameters())
        {
            Assert.NotNull(p.grad);
            Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{name} got a zero gradient");
        }
    }

    [Fact]
    public void InceptionBackboneCanBeMadeTrainable()
    {
        using var encoder = ImageEncoder.InceptionV3(new ImageEncoderOptions { TrainBackbone = true });
        Assert.All(encoder.parameters(), p => Assert.True(p.requires_grad));
        encoder.train();
        Assert.All(BatchNorms(encoder.Backbone), bn => Assert.True(bn.training));
    }
}
