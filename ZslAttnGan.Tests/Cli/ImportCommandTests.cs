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

    [Fact]
    public void TheSeedsDatasetFolderStandsInForCaptionsPickle()
    {
        // The ZSL-AttnGAN code never writes captions.pickle: its vocabulary is rebuilt from the dataset folder. A folder
        // whose captions hold exactly the fixture encoder's word count gives that vocabulary, in first-occurrence order.
        using var tmp = new TempFolder();
        var folder = ReferenceLayout.WriteSeedModelFolder(tmp.Path);
        var data = TinyCub.Write(tmp.Combine("birds"));
        var words = Enumerable.Range(1, 39).Select(i => $"v{(i * 11) % 39 + 1}").ToArray();
        for (int i = 0; i < TinyCub.Classes * TinyCub.ImagesPerClass; i++)
            File.WriteAllLines(Path.Combine(data, "text", TinyCub.Key(i) + ".txt"),
                Enumerable.Repeat(i == 0 ? string.Join(' ', words) : "v1", 10));
        var checkpoint = tmp.Combine("imported");

        var (code, output) = Run("import", folder, "--data", data, "--out", checkpoint, "--allow-missing");
        Assert.True(code == 0, output);
        Assert.Equal(new[] { "<end>" }.Concat(words), ZslAttnGan.Checkpoints.Checkpoint.Open(checkpoint).Vocabulary.Words);
    }
}
