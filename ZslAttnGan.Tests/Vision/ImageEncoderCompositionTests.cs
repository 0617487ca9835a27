using TorchSharp.Utils;
using ZslAttnGan.Vision;

namespace ZslAttnGan.Tests.Vision;

/// <summary>The encoder as a child of other modules, and dtype conversion.</summary>
public class ImageEncoderCompositionTests
{
    private sealed class Parent : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "image_encoder")]
        private readonly ImageEncoder _imageEncoder;

        public Parent() : base(nameof(Parent))
        {
            _imageEncoder = ImageEncoder.SmallCnn(32, new ImageEncoderOptions { EmbeddingDim = 8 });
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => _imageEncoder.call(input).Code;
    }

    [Fact]
    public void EncoderInsideAParentKeepsReferenceKeysUnderItsFieldName()
    {
        using var parent = new Parent();
        var keys = parent.state_dict().Keys.ToList();
        Assert.Contains("image_encoder.region_layers.0.conv.weight", keys);
        Assert.Contains("image_encoder.emb_cnn_code.0.weight", keys);
        Assert.DoesNotContain(keys, k => k.Contains("._", StringComparison.Ordinal));
    }

    [Fact]
    public void ConversionToFloat64KeepsTheFrozenBackboneFrozen()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ImageEncoder(new ImageEncoderOptions { TrainBackbone = false, EmbeddingDim = 8 },
            new SmallCnnBackbone(32, baseChannels: 4, regionDownsamples: 2, codeDownsamples: 1));
        encoder.to(ScalarType.Float64);
        Assert.All(encoder.state_dict().Where(kv => !kv.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)),
            kv => Assert.Equal(ScalarType.Float64, kv.Value.dtype));
        Assert.All(encoder.named_parameters(), p => Assert.Equal(p.name.StartsWith("emb_", StringComparison.Ordinal), p.parameter.requires_grad));
        var output = encoder.call(rand(new long[] { 2, 3, 32, 32 }, ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, output.Code.dtype);
        Assert.Throws<ArgumentException>(() => encoder.call(rand(2, 3, 32, 32)));
    }
}
