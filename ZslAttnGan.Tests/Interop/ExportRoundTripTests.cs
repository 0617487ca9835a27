using ZslAttnGan.Discrimination;
using ZslAttnGan.Generation;
using ZslAttnGan.Interop;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Vision;
using ZslAttnGan.Zsl;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Interop;

/// <summary>Export → import gives back every tensor bit for bit, for every component type and both formats, and an
/// exported file holds exactly the reference's keys.</summary>
public class ExportRoundTripTests
{
    private static readonly ModelOptions SmallCnnTemplate = new() { ImageBackbone = ImageBackboneKind.SmallCnn, Generator = GeneratorOptions.ZslAttnGan with { Branches = 1 } };

    public static IEnumerable<object[]> Components() => new[]
    {
        "text_zsl", "text_attngan", "image_inception_zsl", "image_smallcnn_attngan", "g_zsl_noise_32px", "g_attngan",
        "g_single_output", "d32", "d64", "d128", "d256", "d256_no_uncond", "zsl_d",
    }.SelectMany(n => new[] { new object[] { n, StateDictFormat.PyTorchZip }, new object[] { n, StateDictFormat.Safetensors } });

    // ZSL generators get SentenceSize = WordSize: it sizes CA only, which they lack, so their weights cannot show it.
    private static nn.Module Build(string name) => name switch
    {
        "text_zsl" => new TextEncoder(new TextEncoderOptions(17, 12, 16, SentenceGenerator: new ZslSentenceGeneratorOptions(16, 20, 6, 24, 16))),
        "text_attngan" => new TextEncoder(new TextEncoderOptions(17, 12, 16)),
        "image_inception_zsl" => ImageEncoder.InceptionV3(new ImageEncoderOptions { EmbeddingDim = 8 }),
        "image_smallcnn_attngan" => new ImageEncoder(ImageEncoderOptions.AttnGan with { EmbeddingDim = 8 }, new SmallCnnBackbone(64, 4)),
        "g_zsl_noise_32px" => new AttnGenerator(new GeneratorOptions(Ngf: 2, Branches: 2, ResidualBlocks: 1, WordSize: 8, ConditionSize: 8, NoiseSize: 3, SentenceSize: 8, BaseSize: 32)),
        "g_attngan" => new AttnGenerator(new GeneratorOptions(Ngf: 2, ResidualBlocks: 2, WordSize: 8, ConditionSize: 5, NoiseSize: 7,
            Conditioning: ConditioningKind.Augmentation, SentenceSize: 8)),
        "g_single_output" => new AttnGenerator(new GeneratorOptions(Ngf: 2, Branches: 2, ResidualBlocks: 0, WordSize: 8, ConditionSize: 8, SentenceSize: 8, SingleOutput: true)),
        "d32" => new ImageDiscriminator(32, 2, 8),
        "d64" => new ImageDiscriminator(64, 2, 8),
        "d128" => new ImageDiscriminator(128, 2, 8),
        "d256" => new ImageDiscriminator(256, 2, 8),
        "d256_no_uncond" => new ImageDiscriminator(256, 2, 8, unconditionalHead: false),
        "zsl_d" => new ZslDiscriminator(5, 8, 12),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Fills every parameter and buffer (BatchNorm statistics and counters too) with seeded random values, so
    /// the round trip is checked on values that are not an init's zeros and ones.</summary>
    internal static void Randomise(nn.Module module, long seed)
    {
        using var rng = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var (key, t) in module.state_dict())
        {
            if (t.is_floating_point()) t.copy_(randn(t.shape, generator: rng));
            else t.fill_(Scalars.S(key.Length));
        }
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void ExportThenImportIsBitExact(string name, StateDictFormat format)
    {
        using var tmp = new TempFolder();
        using var original = Build(name);
        Randomise(original, name.Length);
        var path = tmp.Combine(name + ReferenceExporter.Extension(format));
        ReferenceExporter.ExportComponent(original, path, format);

        using var imported = ComponentImporter.Import(path, new ImportOptions { BaseOptions = SmallCnnTemplate, ReplicateMaskBug = false });
        Assert.Equal(original.GetType(), imported.Module.GetType());
        var expected = original.state_dict();
        var actual = imported.Module.state_dict();
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (key, t) in expected)
        {
            Assert.Equal(t.dtype, actual[key].dtype);
            Assert.True(t.equal(actual[key]).all().item<bool>(), $"{name}: {key} differs after the round trip");
        }
        if (original is AttnGenerator g) Assert.Equal(g.Options, ((AttnGenerator)imported.Module).Options);
        if (original is TextEncoder te) Assert.Equal(te.Options, ((TextEncoder)imported.Module).Options);
        if (original is ImageEncoder ie) Assert.Equal(ie.Options, ((ImageEncoder)imported.Module).Options);
    }

    public static IEnumerable<object[]> ReferenceCases() => new[]
    {
        "text_encoder", "text_encoder_attngan", "g_net_zsl", "g_net_attngan", "d_net64", "d_net128", "d_net256",
        "zsl_discriminator", "cnn_encoder_full",
    }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void ExportedKeysAndValuesAreTheReferences(string caseName)
    {
        using var tmp = new TempFolder();
        using var c = PthFixtures.Case(caseName);
        var weights = c.Weights();
        var source = tmp.Combine("reference.safetensors");
        StateDictFiles.WriteSafetensors(source, weights);
        using var imported = ComponentImporter.Import(source);

        var exported = tmp.Combine("exported.pth");
        ReferenceExporter.ExportComponent(imported.Module, exported);
        var file = StateDictFiles.Read(exported);
        Assert.Equal(weights.Keys.OrderBy(k => k, StringComparer.Ordinal), file.Tensors.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (key, t) in file.Tensors)
        {
            Assert.Equal(weights[key].dtype, t.dtype);
            Assert.True(t.equal(weights[key]).all().item<bool>(), $"{caseName}: exported {key} differs from the reference's");
        }
    }

    [Fact]
    public void ASmallCnnImageEncoderWithoutBaseOptionsSaysWhatToPass()
    {
        using var tmp = new TempFolder();
        using var original = Build("image_smallcnn_attngan");
        var path = tmp.Combine("image_encoder.pth");
        ReferenceExporter.ExportComponent(original, path);
        var e = Assert.Throws<ReferenceImportException>(() => ComponentImporter.Import(path));
        Assert.Contains("BaseOptions", e.Message);
        Assert.Contains("image_encoder.pth", e.Message);
    }
}
