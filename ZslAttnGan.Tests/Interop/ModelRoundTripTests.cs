using ZslAttnGan.Generation;
using ZslAttnGan.Interop;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Vision;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Interop;

/// <summary>A whole model exported in the reference layout imports back to the same options and the same bits; key
/// problems are reported with the keys.</summary>
public class ModelRoundTripTests
{
    private static readonly Vocabulary Vocab = Vocabulary.FromWords(new[] { "<end>" }.Concat(Enumerable.Range(1, 11).Select(i => $"w{i}")));

    /// <summary>The Synthetic preset's shapes with the reference's sentence pooling and ZSL generator: the reference
    /// layout carries neither choice, and importing reference files always restores the reference's (tested with
    /// those options).</summary>
    private static ModelOptions ReferenceComputing => Presets.Synthetic.Model with
    {
        SentencePooling = SentencePooling.FinalHiddenState,
        SentenceGenerator = Presets.Synthetic.Model.SentenceGenerator! with { LinearHidden = false },
    };

    private static ModelOptions Options(bool zsl) => zsl
        ? ReferenceComputing
        : ReferenceComputing with
        {
            SentenceGenerator = null,
            ImageEncoder = new ImageEncoderOptions { EmbeddingDim = 128, GlobalCodeHead = GlobalCodeHead.Linear },
            Generator = Presets.Synthetic.Model.Generator with { Conditioning = ConditioningKind.Augmentation, ConditionSize = 20, SentenceSize = 128 },
        };

    [Theory]
    [InlineData(true, StateDictFormat.PyTorchZip)]
    [InlineData(true, StateDictFormat.Safetensors)]
    [InlineData(false, StateDictFormat.PyTorchZip)]
    public void ExportedModelImportsBackBitExact(bool zsl, StateDictFormat format)
    {
        using var tmp = new TempFolder();
        var options = Options(zsl);
        using var original = new ZslAttnGanModel(options, Vocab.Count, classCount: 3, seed: 5);
        foreach (var (name, module) in original.Components()) ExportRoundTripTests.Randomise(module, name.Length);
        var files = ReferenceExporter.Export(original, tmp.Combine("exported"), format);
        var expectedFiles = new[] { "text_encoder", "image_encoder" }.Concat(zsl ? new[] { "discriminator" } : Array.Empty<string>())
            .Concat(new[] { "netG", "netD0", "netD1" }).Select(f => f + ReferenceExporter.Extension(format));
        Assert.Equal(expectedFiles, files.Select(Path.GetFileName));

        var summary = ModelImporter.Import(new[] { tmp.Combine("exported") }, Vocab, tmp.Combine("checkpoint"),
            new ImportOptions { BaseOptions = options, ReplicateMaskBug = false });
        Assert.Equal(zsl ? ReferenceMode.ZslAttnGan : ReferenceMode.AttnGan, summary.Mode);
        Assert.Empty(summary.FreshComponents);
        Assert.Equal(options, summary.Options);

        var checkpoint = Checkpoint.Open(tmp.Combine("checkpoint"));
        Assert.Equal(options, checkpoint.Manifest.Model);
        Assert.Equal(zsl ? 3 : 1, checkpoint.Manifest.ClassCount);
        using var imported = checkpoint.CreateModel();
        var components = imported.Components().ToDictionary(c => c.Name, c => c.Module);
        foreach (var (name, module) in original.Components())
        {
            var actual = components[name].state_dict();
            var expected = module.state_dict();
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (key, t) in expected)
                Assert.True(t.equal(actual[key]).all().item<bool>(), $"{name}: {key} differs after export and import");
        }
    }

    [Fact]
    public void MissingAndUnexpectedKeysAreListed()
    {
        using var tmp = new TempFolder();
        var path = ReferenceLayout.WriteCase(tmp.Path, "netD0.pth", "d_net64", w =>
        {
            w.Remove("img_code_s16.3.weight");
            w.Remove("COND_DNET.jointConv.1.running_var");
            w["img_code_s16.1.weight"] = ones(3);
        });
        var e = Assert.Throws<ReferenceImportException>(() => ComponentImporter.Import(path));
        Assert.Contains("missing keys: img_code_s16.3.weight, COND_DNET.jointConv.1.running_var", e.Message);
        Assert.Contains("unexpected keys: img_code_s16.1.weight", e.Message);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void AbsentBatchNormCountersAreAcceptedAndReported()
    {
        using var tmp = new TempFolder();
        var path = ReferenceLayout.WriteCase(tmp.Path, "netG.pth", "g_net_zsl", w =>
        {
            foreach (var k in w.Keys.Where(ComponentImporter.IsBatchCounter).ToList()) w.Remove(k);
        });
        using var imported = ComponentImporter.Import(path);
        Assert.Contains(imported.Notes, n => n.Contains("num_batches_tracked counters absent", StringComparison.Ordinal));
        using var c = PthFixtures.Case("g_net_zsl");
        var state = imported.Module.state_dict();
        Assert.All(c.Weights().Where(kv => !ComponentImporter.IsBatchCounter(kv.Key)),
            kv => Assert.True(kv.Value.equal(state[kv.Key]).all().item<bool>(), kv.Key));
    }

    [Fact]
    public void DataParallelPrefixIsRemoved()
    {
        using var tmp = new TempFolder();
        using var c = PthFixtures.Case("zsl_discriminator");
        var path = tmp.Combine("discriminator.pth");
        StateDictFiles.WritePth(path, c.Weights().ToDictionary(kv => "module." + kv.Key, kv => kv.Value));
        using var imported = ComponentImporter.Import(path);
        Assert.Contains(imported.Notes, n => n.Contains("'module.' prefix", StringComparison.Ordinal));
    }

    [Fact]
    public void FilesThatAreNotStateDictsAreRefused()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("netG.pth");
        File.WriteAllText(path, "hello");
        Assert.Contains("neither a PyTorch zip-format .pth nor a safetensors file", Assert.Throws<ReferenceImportException>(() => StateDictFiles.Read(path)).Message);
        StateDictFiles.WritePth(path, new Dictionary<string, Tensor> { ["foo.weight"] = ones(2) });
        Assert.Contains("not a known component", Assert.Throws<ReferenceImportException>(() => ComponentImporter.Import(path)).Message);
    }
}
