using ZslAttnGan.Runs;
using ZslAttnGan.Testing;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Cli;

public class ValidationCaptionsTests
{
    [Fact]
    public void CaptionsAreEncodedWithTheRunsVocabularyAndUnknownWordsAreReported()
    {
        var captions = ValidationCaptions.Create(["w1 w2 zebra", "W3"], TinyModels.Vocabulary());
        Assert.Equal(2, captions.Count);
        Assert.Equal(new long[] { 1, 2 }, captions.Encoded[0].Ids);
        Assert.Equal(new long[] { 3 }, captions.Encoded[1].Ids);
        var warning = Assert.Single(captions.Warnings);
        Assert.Contains("zebra", warning);
        Assert.Contains("caption 1", warning);
    }

    [Fact]
    public void ACaptionTheModelCannotReadIsRefusedBeforeTraining()
    {
        var vocabulary = TinyModels.Vocabulary();
        var error = Assert.Throws<ArgumentException>(() => ValidationCaptions.Create(["w1", "purple zebra"], vocabulary));
        Assert.Contains("caption 2", error.Message);
        Assert.Contains("purple, zebra", error.Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => ValidationCaptions.Create(["w1", "  "], vocabulary)).Message);
        Assert.Throws<ArgumentException>(() => ValidationCaptions.Create([], vocabulary));
    }

    [Fact]
    public void TheFileHoldsOneCaptionPerLineWithCommentsAndBlankLinesSkipped()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "captions.txt");
        File.WriteAllLines(path, ["# unseen species", "", "  a red bird with blue wings  ", "a green bird"]);
        Assert.Equal(new[] { "a red bird with blue wings", "a green bird" }, ValidationCaptions.ReadFile(path));

        File.WriteAllLines(path, ["# nothing but comments", ""]);
        Assert.Contains(path, Assert.Throws<ArgumentException>(() => ValidationCaptions.ReadFile(path)).Message);
        var missing = Path.Combine(folder.Path, "none.txt");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => ValidationCaptions.ReadFile(missing)).Message);
    }

    [Fact]
    public void TheTrainCommandTakesRepeatedCaptionsAndAFile()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "captions.txt");
        File.WriteAllLines(path, ["a green bird"]);
        var result = CliHarness.Parse("train", "-p", "gan", "-d", "data", "-o", "out", "--steps", "1",
            "--validation-caption", "a red bird", "--validation-caption", "a blue bird", "--validation-captions", path);
        Assert.Empty(result.Errors);
        var list = ZslAttnGan.Cli.Commands.TrainCommand.ValidationCaptionList(
            result.GetValue<string[]>("--validation-caption"), result.GetValue<string?>("--validation-captions"));
        Assert.Equal(new[] { "a red bird", "a blue bird", "a green bird" }, list);
    }
}
