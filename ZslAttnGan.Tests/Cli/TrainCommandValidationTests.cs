using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Cli;

/// <summary><c>train --validation-caption</c> end to end on a tiny synthetic set (a few seconds).</summary>
public class TrainCommandValidationTests
{
    [Fact]
    public void AGanRunDrawsTheValidationCaptionsAtEveryPreviewAndAtTheEnd()
    {
        using var folder = new TempFolder();
        string data = Path.Combine(folder.Path, "birds"), encoders = Path.Combine(folder.Path, "enc"), gan = Path.Combine(folder.Path, "gan");
        Assert.Equal(0, CliHarness.Run(["synth", "-o", data, "--species", "6", "--unseen", "2", "--images-per-species", "4"]).Code);
        var (code, output) = CliHarness.Run(["train", "-p", "encoders", "-d", data, "-o", encoders, "--steps", "1", "--batch-size", "4",
            "--validation-caption", "a red bird"]);
        Assert.True(code == 0, output);
        Assert.Contains("encoders phase has no generator", output);

        (code, output) = CliHarness.Run(["train", "-p", "gan", "-d", data, "-o", gan, "-r", Path.Combine(encoders, "checkpoint"),
            "--steps", "2", "--batch-size", "4", "--preview-every", "1",
            "--validation-caption", "a bird with a red body and blue wings", "--validation-caption", "a green zebra bird"]);
        Assert.True(code == 0, output);
        Assert.Contains("zebra", output);   // the unknown word is reported, the caption still drawn
        var previews = Path.Combine(gan, "previews");
        foreach (var name in new[] { "step-000001-validation.png", "step-000002-validation.png", "final-validation.png" })
        {
            var path = Path.Combine(previews, name);
            Assert.True(File.Exists(path), $"{name} is missing: {string.Join(", ", Directory.GetFiles(previews).Select(Path.GetFileName))}");
            using var image = Image.Load<Rgb24>(path);
            Assert.True(image.Width > 2 * 96, $"{name} is {image.Width} px wide: not two columns");
        }

        // A caption the model cannot read stops the run before its first step, naming the caption.
        var error = Assert.Throws<ArgumentException>(() => CliHarness.RunOrThrow("train", "-p", "gan", "-d", data, "-o", Path.Combine(folder.Path, "bad"),
            "-r", Path.Combine(encoders, "checkpoint"), "--steps", "1", "--batch-size", "4", "--validation-caption", "purple zebra"));
        Assert.Contains("\"purple zebra\"", error.Message);
        Assert.False(File.Exists(Path.Combine(folder.Path, "bad", "checkpoint", "checkpoint.json")));
    }
}
