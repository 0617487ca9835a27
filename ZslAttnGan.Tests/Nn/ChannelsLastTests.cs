using ZslAttnGan.Discrimination;
using ZslAttnGan.Generation;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Vision;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Nn;

public class ChannelsLastTests
{
    [Fact]
    public void ConversionKeepsValuesAndIsDetected()
    {
        using var g = new Generator(1);
        var x = randn(new long[] { 2, 5, 3, 4 }, generator: g);
        var cl = MemoryFormats.ToChannelsLast(x);
        Assert.False(MemoryFormats.IsChannelsLast(x));
        Assert.True(MemoryFormats.IsChannelsLast(cl));
        Assert.True(x.equal(cl).all().item<bool>());
        Assert.Same(cl, MemoryFormats.ToChannelsLast(cl));
    }

    [Fact]
    public void GeneratorGivesTheSameImagesUpToRounding() => AssertSameImagesAfter(seed: 2, gen => gen.ChannelsLast = true);

    /// <summary>Generates with a fresh 32/64/128-px generator before and after <paramref name="change"/> and compares.</summary>
    private static void AssertSameImagesAfter(int seed, Action<AttnGenerator> change)
    {
        using var gen = new AttnGenerator(new GeneratorOptions(Ngf: 8, Branches: 3, ResidualBlocks: 1, WordSize: 16, ConditionSize: 16, BaseSize: 32));
        gen.eval();
        using var g = new Generator((ulong)seed);
        var c = randn(new long[] { 2, 16 }, generator: g);
        var words = randn(new long[] { 2, 16, 5 }, generator: g);
        using var _ = no_grad();
        var plain = gen.Generate(c, words, null).Images;
        change(gen);
        var changed = gen.Generate(c, words, null).Images;
        for (int i = 0; i < plain.Count; i++)
        {
            Assert.True(changed[i].is_contiguous());
            Assert.True(plain[i].allclose(changed[i], rtol: 1e-4, atol: 1e-5), $"image {i}");
        }
    }

    [Fact]
    public void DiscriminatorAndImageEncoderGiveTheSameOutputsUpToRounding()
    {
        using var d = new ImageDiscriminator(64, ndf: 8, conditionSize: 16);
        using var enc = ImageEncoder.SmallCnn(64, new ImageEncoderOptions { EmbeddingDim = 16 });
        d.eval();
        enc.eval();
        using var g = new Generator(3);
        var image = rand(new long[] { 2, 3, 64, 64 }, generator: g).mul(Scalars.S(2)).sub(Scalars.S(1));
        using var _ = no_grad();
        var code = d.forward(image);
        var encoded = enc.forward(image);
        d.ChannelsLast = true;
        enc.ChannelsLast = true;
        Assert.True(code.allclose(d.forward(image), rtol: 1e-4, atol: 1e-5));
        var fast = enc.forward(image);
        Assert.True(encoded.Regions.allclose(fast.Regions, rtol: 1e-4, atol: 1e-5));
        Assert.True(encoded.Code.allclose(fast.Code, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void MixedLayoutsGiveTheSameImagesUpToRounding()
    {
        // Stages 32 and 64 px channels-last, 128 px contiguous: the 128-px stage takes a channels-last input.
        AssertSameImagesAfter(seed: 4, gen => gen.SetChannelsLast(true, sizeLimit: 128));
        using var gen = new AttnGenerator(new GeneratorOptions(Ngf: 8, Branches: 2, WordSize: 16, ConditionSize: 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => gen.SetChannelsLast(true, sizeLimit: 0));
    }

    [Fact]
    public void ModelSizeLimitKeepsTheLargestNetworksContiguous()
    {
        var options = ZslAttnGan.Training.Presets.Synthetic.Model;
        using var model = new ZslAttnGan.Models.ZslAttnGanModel(options, vocabularySize: 10, classCount: 3, seed: 1);
        int largest = options.ImageSizes[^1];
        model.ChannelsLastSizeLimit = largest;
        Assert.All(model.Discriminators.Cast<ZslAttnGan.Discrimination.ImageDiscriminator>(), d => Assert.False(d.ChannelsLast));
        model.ChannelsLast = true;
        Assert.All(model.Discriminators.Cast<ZslAttnGan.Discrimination.ImageDiscriminator>(), d => Assert.Equal(d.ImageSize < largest, d.ChannelsLast));
        Assert.True(((ZslAttnGan.Generation.AttnGenerator)model.Generator).ChannelsLast);
        Assert.True(((ZslAttnGan.Vision.ImageEncoder)model.ImageEncoder).ChannelsLast);
        model.ChannelsLastSizeLimit = int.MaxValue;
        Assert.All(model.Discriminators.Cast<ZslAttnGan.Discrimination.ImageDiscriminator>(), d => Assert.True(d.ChannelsLast));
        model.ChannelsLast = false;
        Assert.All(model.Discriminators.Cast<ZslAttnGan.Discrimination.ImageDiscriminator>(), d => Assert.False(d.ChannelsLast));
        Assert.False(((ZslAttnGan.Vision.ImageEncoder)model.ImageEncoder).ChannelsLast);
    }
}
