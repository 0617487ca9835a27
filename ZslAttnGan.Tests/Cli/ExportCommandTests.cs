using Spectre.Console;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Cli;
using ZslAttnGan.Interop;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Interop;
using ZslAttnGan.Training;

namespace ZslAttnGan.Tests.Cli;

public class ExportCommandTests
{
    private static (int Code, string Output) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void ImportExportImportThroughTheCliIsBitExact()
    {
        using var tmp = new TempFolder();
        var folder = ReferenceLayout.WriteSeedModelFolder(tmp.Path);
        var captions = tmp.Combine("captions.pickle");
        ReferenceLayout.WriteCaptionsPickle(captions, 40);
        var first = tmp.Combine("first");
        Assert.Equal(0, Run("import", folder, "--captions", captions, "--out", first, "--allow-missing").Code);

        var exported = tmp.Combine("exported");
        var (code, output) = Run("export", "--checkpoint", first, "--out", exported);
        Assert.True(code == 0, output);
        Assert.Contains("netG.pth", output);
        Assert.Contains("text_encoder.pth", output);

        var second = tmp.Combine("second");
        (code, output) = Run("import", exported, "--captions", captions, "--out", second, "--allow-missing");
        Assert.True(code == 0, output);
        var a = Checkpoint.Open(first);
        var b = Checkpoint.Open(second);
        foreach (var name in a.Manifest.Files.Keys.Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal)).Select(f => f[..^".safetensors".Length]))
        {
            if (!b.HasTensors(name)) continue;   // optimiser states and the like are not exported
            ZslAttnGan.Testing.TensorAssert.EqualStateDicts(a.ReadTensors(name), b.ReadTensors(name), $"{name} after import → export → import");
        }
        Assert.True(b.HasTensors("generator") && b.HasTensors("text_encoder"));
    }

    [Fact]
    public void TheWarningsSayWhatTheOriginalCodeCannotLoadOrComputesDifferently()
    {
        var synthetic = ReferenceCompatibility.Warnings(Presets.Synthetic.Model);
        Assert.Contains(synthetic, w => w.Contains("cannot load", StringComparison.Ordinal) && w.Contains("small CNN", StringComparison.Ordinal));
        var seed = Presets.ZslAttnGanCub.Model;
        var fixedMask = ReferenceCompatibility.Warnings(seed with { Generator = seed.Generator with { ReplicateMaskBug = false } });
        Assert.Contains(fixedMask, w => w.Contains("mask", StringComparison.Ordinal));
        Assert.DoesNotContain(fixedMask, w => w.Contains("cannot load", StringComparison.Ordinal));
        Assert.Empty(ReferenceCompatibility.Warnings(seed with { Generator = seed.Generator with { ReplicateMaskBug = true } }));
    }
}
