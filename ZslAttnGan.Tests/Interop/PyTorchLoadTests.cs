using ZslAttnGan.Discrimination;
using ZslAttnGan.Generation;
using ZslAttnGan.Interop;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Training;
using ZslAttnGan.Vision;
using ZslAttnGan.Zsl;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Interop;

/// <summary>
/// Real PyTorch (Debian's python3-torch) opens every <c>.pth</c> our exporter writes with
/// <c>torch.load(…, weights_only=True)</c>, and its tensors equal the safetensors export of the same component bit for
/// bit: same keys, shapes, dtypes and values. The comparison runs in <c>python/check_export.py</c>; these tests read its
/// report and name the file and the key of every mismatch. Skipped, with the install command, where torch is absent.
/// </summary>
[Trait("Category", "PyTorch")]
public class PyTorchLoadTests
{
    private static readonly StateDictFormat[] BothFormats = { StateDictFormat.PyTorchZip, StateDictFormat.Safetensors };

    /// <summary>ZSL-AttnGAN mode: text encoder with the ZSL sentence generator, image encoder with the Tanh global code,
    /// ZSL discriminator, a generator without CA, two image discriminators.</summary>
    private static ModelOptions ZslOptions => Presets.Synthetic.Model;

    /// <summary>AttnGAN mode with three branches: CA generator, <c>emb_cnn_code.*</c>, no ZSL parts, netD0…netD2.</summary>
    private static ModelOptions AttnGanOptions => Presets.Synthetic.Model with
    {
        SentenceGenerator = null,
        ImageEncoder = new ImageEncoderOptions { EmbeddingDim = 128, GlobalCodeHead = GlobalCodeHead.Linear },
        Generator = Presets.Synthetic.Model.Generator with { Branches = 3, Conditioning = ConditioningKind.Augmentation, ConditionSize = 20, SentenceSize = 128 },
    };

    /// <summary>Components that the two models above do not contain, exported one by one with
    /// <see cref="ReferenceExporter.ExportComponent"/>: the reference's Inception-v3 image encoder, the single-output
    /// (DCGAN) generator, discriminators of the other sizes, without the unconditional head and with spectral norm.</summary>
    private static IEnumerable<(string File, nn.Module Module)> SingleComponents()
    {
        yield return ("image_encoder_inception", ImageEncoder.InceptionV3(new ImageEncoderOptions { EmbeddingDim = 8 }));
        yield return ("netG_single_output", new AttnGenerator(new GeneratorOptions(Ngf: 2, Branches: 2, ResidualBlocks: 0, WordSize: 8, ConditionSize: 8, SentenceSize: 8, SingleOutput: true)));
        yield return ("netD_256_no_uncond", new ImageDiscriminator(256, 2, 8, unconditionalHead: false));
        yield return ("netD_64_spectral", new ImageDiscriminator(64, 2, 8, spectralNorm: true));
        yield return ("discriminator_small", new ZslDiscriminator(5, 8, 12));
    }

    [RequiresPyTorchFact]
    public void EveryExportedPthLoadsInPyTorchAndEqualsItsSafetensors()
    {
        using var tmp = new TempFolder();
        var exported = new List<string>();
        foreach (var (folder, options) in new[] { ("zsl", ZslOptions), ("attngan", AttnGanOptions) })
        {
            using var model = new ZslAttnGanModel(options, vocabularySize: 12, classCount: 3, seed: 5);
            foreach (var (name, module) in model.Components()) ExportRoundTripTests.Randomise(module, name.Length);
            // The averaged-generator path (ExportCheckpoint's) writes a merged dictionary instead of the module's own.
            var averaged = AveragedWeights(model.Components().Single(c => c.Name == ZslAttnGanModel.GeneratorName).Module);
            foreach (var format in BothFormats)
                exported.AddRange(ReferenceExporter.Export(model, tmp.Combine(folder), format, folder == "zsl" ? averaged : null));
        }
        foreach (var (file, module) in SingleComponents())
        {
            using (module)
            {
                ExportRoundTripTests.Randomise(module, file.Length);
                WriteSpecialValues(module);
                foreach (var format in BothFormats)
                {
                    var path = tmp.Combine("components", file + ReferenceExporter.Extension(format));
                    ReferenceExporter.ExportComponent(module, path, format);
                    exported.Add(path);
                }
            }
        }

        var report = PyTorchExportCheck.Run(tmp.Combine("zsl"), tmp.Combine("attngan"), tmp.Combine("components"));

        Assert.NotEmpty(report.Files);
        var exportedPth = exported.Where(p => p.EndsWith(".pth", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(exportedPth, report.Files.Select(f => f.Pth ?? $"(none beside {f.Safetensors})").Order(StringComparer.Ordinal));
        var problems = report.Files.SelectMany(f => f.Tensors > 0 ? f.Errors.Select(e => $"{f.Name}: {e}") : new[] { $"{f.Name}: no tensors" }).ToList();
        Assert.True(problems.Count == 0, $"PyTorch {report.Torch} found:\n" + string.Join("\n", problems));
    }

    [RequiresPyTorchFact]
    public void CheckerNamesTheFileAndKeyOfEveryTamperedPair()
    {
        using var tmp = new TempFolder();
        using var d = new ZslDiscriminator(5, 8, 12);
        ExportRoundTripTests.Randomise(d, 3);
        var state = d.state_dict();
        // Tamper with the first floating-point tensor the module has, whatever it is called.
        var key = state.First(kv => kv.Value.dtype == ScalarType.Float32).Key;
        void Pair(string name, IReadOnlyDictionary<string, Tensor> safetensors)
        {
            ReferenceExporter.ExportComponent(d, tmp.Combine(name + ".pth"));
            StateDictFiles.WriteSafetensors(tmp.Combine(name + ".safetensors"), safetensors);
        }
        Dictionary<string, Tensor> With(Action<Dictionary<string, Tensor>> change)
        {
            var copy = state.ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            change(copy);
            return copy;
        }

        Pair("intact", state);
        Pair("one_bit", With(w => w[key] = FlipLowestBit(w[key])));
        Pair("renamed", With(w => { w[key + "_renamed"] = w[key]; w.Remove(key); }));
        Pair("dtype", With(w => w[key] = w[key].to_type(ScalarType.Float64)));
        Pair("shape", With(w => w[key] = w[key].reshape(-1, 1)));
        File.WriteAllText(tmp.Combine("not_a_pth.pth"), "not a zip archive");
        StateDictFiles.WriteSafetensors(tmp.Combine("not_a_pth.safetensors"), state);
        StateDictFiles.WriteSafetensors(tmp.Combine("orphan.safetensors"), state);
        ReferenceExporter.ExportComponent(d, tmp.Combine("lonely.pth"));

        var files = PyTorchExportCheck.Run(tmp.Path).Files.ToDictionary(f => f.Name);
        Assert.Empty(files["intact.pth"].Errors);
        Assert.Equal(state.Count, files["intact.pth"].Tensors);
        Assert.StartsWith($"key '{key}': values differ, first at flat index 0 (bits ", Assert.Single(files["one_bit.pth"].Errors));
        Assert.Equal(new[] { $"key '{key}' is in the .pth but not in the .safetensors", $"key '{key}_renamed' is in the .safetensors but not in the .pth" },
            files["renamed.pth"].Errors);
        Assert.StartsWith($"key '{key}': dtype torch.float32 in the .pth, F64", Assert.Single(files["dtype.pth"].Errors));
        Assert.StartsWith($"key '{key}': shape", Assert.Single(files["shape.pth"].Errors));
        Assert.StartsWith("torch.load(weights_only=True) failed", Assert.Single(files["not_a_pth.pth"].Errors));
        Assert.Equal("no .pth beside this .safetensors", Assert.Single(files["orphan.safetensors"].Errors));
        Assert.Equal("no .safetensors beside this .pth", Assert.Single(files["lonely.pth"].Errors));
    }

    /// <summary>Randomised parameters under the generator's parameter names only, as the averaged weights are (BatchNorm
    /// statistics then come from the live generator).</summary>
    private static Dictionary<string, Tensor> AveragedWeights(nn.Module generator)
    {
        using var rng = new Generator(11);
        return generator.named_parameters().ToDictionary(p => p.name, p => randn(p.parameter.shape, generator: rng));
    }

    /// <summary>Puts a NaN with a payload, -0, +inf and the smallest subnormal at the start of the first floating-point
    /// tensor with room for them: values that an equality on numbers would miss or conflate, but a bitwise one catches.</summary>
    private static void WriteSpecialValues(nn.Module module)
    {
        var special = new[] { BitConverter.Int32BitsToSingle(0x7fc01234), -0f, float.PositiveInfinity, float.Epsilon };
        using var _ = no_grad();
        var target = module.state_dict().Values.First(t => t.dtype == ScalarType.Float32 && t.numel() >= special.Length);
        target.view(-1).narrow(0, 0, special.Length).copy_(tensor(special));
    }

    /// <summary>A copy of <paramref name="t"/> whose first element differs in the lowest mantissa bit only.</summary>
    private static Tensor FlipLowestBit(Tensor t)
    {
        var values = t.data<float>().ToArray();
        values[0] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(values[0]) ^ 1);
        return tensor(values).reshape(t.shape);
    }
}
