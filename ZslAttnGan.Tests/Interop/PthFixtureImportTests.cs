using ZslAttnGan.Discrimination;
using ZslAttnGan.Generation;
using ZslAttnGan.Interop;
using ZslAttnGan.Tests.Parity;
using ZslAttnGan.Text;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Interop;

/// <summary>State dicts saved by PyTorch itself import with their shapes read from the tensors, and reproduce their
/// parity cases' outputs.</summary>
public class PthFixtureImportTests
{
    [Theory]
    [MemberData(nameof(PthFixtures.Files), MemberType = typeof(PthFixtures))]
    public void ImportedComponentReproducesItsParityCase(string file, string caseName)
    {
        using var c = PthFixtures.Case(caseName);
        using var imported = ComponentImporter.Import(PthFixtures.File(file));
        using var scope = NewDisposeScope();
        switch (caseName)
        {
            case "text_encoder":
                var zslText = Assert.IsType<TextEncoder>(imported.Module);
                Assert.NotNull(zslText.SentenceGenerator);
                TextAndZslParity.CheckTextEncoderWithZsl(c, zslText);
                break;
            case "text_encoder_attngan":
                var text = Assert.IsType<TextEncoder>(imported.Module);
                Assert.Null(text.SentenceGenerator);
                TextAndZslParity.CheckTextEncoderAttnGan(c, text);
                break;
            case "g_net_zsl":
                var gz = Assert.IsType<AttnGenerator>(imported.Module);
                Assert.Equal(ConditioningKind.ZslSentence, gz.Options.Conditioning);
                Assert.Equal((c.ConfigInt("GAN.GF_DIM"), c.ConfigInt("TREE.BRANCH_NUM"), c.ConfigInt("GAN.R_NUM"), 0, true),
                    (gz.Options.Ngf, gz.Options.Branches, gz.Options.ResidualBlocks, gz.Options.NoiseSize, gz.Options.ReplicateMaskBug));
                GenerationParity.CheckGeneratorZsl(c, gz);
                break;
            case "g_net_attngan":
                var ga = Assert.IsType<AttnGenerator>(imported.Module);
                Assert.Equal(ConditioningKind.Augmentation, ga.Options.Conditioning);
                Assert.Equal((c.ConfigInt("GAN.CONDITION_DIM"), c.ConfigInt("GAN.Z_DIM"), c.ConfigInt("GAN.GF_DIM")),
                    (ga.Options.ConditionSize, ga.Options.NoiseSize, ga.Options.Ngf));
                GenerationParity.CheckGeneratorAttnGan(c, ga);
                break;
            case "d_net64":
                var d = Assert.IsType<ImageDiscriminator>(imported.Module);
                Assert.Equal((64, c.ConfigInt("GAN.DF_DIM")), (d.ImageSize, d.Ndf));
                DiscriminationParity.CheckDiscriminator(c, d);
                break;
            case "zsl_discriminator":
                var zd = Assert.IsType<ZslDiscriminator>(imported.Module);
                Assert.Equal(c.ConfigInt("classes"), zd.Classes);
                TextAndZslParity.CheckZslDiscriminator(c, zd);
                break;
            default:
                Assert.Fail($"no check for {caseName}");
                break;
        }
        c.AssertAllOutputsChecked();
    }

    [Fact]
    public void PthFileHoldsExactlyTheCaseWeights()
    {
        foreach (var row in PthFixtures.Files())
        {
            using var c = PthFixtures.Case((string)row[1]);
            var file = StateDictFiles.Read(PthFixtures.File((string)row[0]));
            Assert.Equal(StateDictFormat.PyTorchZip, file.Format);
            var weights = c.Weights();
            Assert.Equal(weights.Keys.OrderBy(k => k, StringComparer.Ordinal), file.Tensors.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var (key, t) in file.Tensors)
                Assert.True(t.equal(weights[key]).all().item<bool>(), $"{row[0]}: {key} differs from the case's w.{key}");
        }
    }

    [Fact]
    public void LegacyFormatIsRefusedWithTheResaveCommand()
    {
        var path = PthFixtures.File("netD0_legacy_format.pth");
        var e = Assert.Throws<ReferenceImportException>(() => ComponentImporter.Import(path));
        Assert.Contains("legacy", e.Message);
        Assert.Contains("torch.save(torch.load(p, map_location=\"cpu\"), p, _use_new_zipfile_serialization=True)", e.Message);
        Assert.Equal(path, e.Path);
        Assert.Contains(StateDictFiles.ResaveCommand, Assert.Throws<ReferenceImportException>(() => StateDictFiles.Read(path)).Message);
    }
}
