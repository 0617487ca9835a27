using Spectre.Console;
using ZslAttnGan.Cli;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Tests.Interop;

namespace ZslAttnGan.Tests.Cli;

/// <summary>A reference-layout folder (written from fixture weights) imported through the CLI gives a checkpoint that
/// the CLI's <c>generate</c> uses.</summary>
public class ImportCommandTests
{
    private static (int Code, string Output) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void ImportThenGenerateThroughTheCli()
    {
        using var tmp = new TempFolder();
        var folder = ReferenceLayout.WriteSeedModelFolder(tmp.Path);
        var captions = tmp.Combine("captions.pickle");
        var words = ReferenceLayout.WriteCaptionsPickle(captions, 40);
        var checkpoint = tmp.Combine("imported");

        var (importCode, importOutput) = Run("import", folder, "--captions", captions, "--out", checkpoint, "--allow-missing");
        Assert.True(importCode == 0, importOutput);
        Assert.True(File.Exists(Path.Combine(checkpoint, "checkpoint.json")), importOutput);

        var generated = tmp.Combine("generated");
        var (genCode, genOutput) = Run("generate", "--checkpoint", checkpoint, "--out", generated, "-n", "1", $"{words[1]} {words[2]} {words[3]}");
        Assert.True(genCode == 0, genOutput);
        var pngs = Directory.GetFiles(generated, "*.png", SearchOption.AllDirectories);
        Assert.NotEmpty(pngs);
    }
}
