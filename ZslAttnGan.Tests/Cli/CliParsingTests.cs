using Spectre.Console;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Cli;
using ZslAttnGan.Inference;
using ZslAttnGan.Testing;
using ZslAttnGan.Training;

namespace ZslAttnGan.Tests.Cli;

public class CliParsingTests
{
    private static System.CommandLine.ParseResult Parse(params string[] args) => CliHarness.Parse(args);

    [Theory]
    [InlineData("generate", "-c", "ckpt", "a red bird", "--cout", "2")]
    [InlineData("generate", "--checkpoint", "ckpt", "--sed", "3", "a red bird")]
    [InlineData("import", "models/", "--captoins", "captions.pickle", "--out", "x")]
    public void AnUnknownOptionIsAnErrorNamingIt(params string[] args)
    {
        var result = Parse(args);
        var unknown = args.First(a => a.StartsWith("--", StringComparison.Ordinal) && a is "--cout" or "--sed" or "--captoins");
        Assert.Contains(result.Errors, e => e.Message.Contains($"'{unknown}'", StringComparison.Ordinal));
    }

    [Fact]
    public void CaptionsAndNegativeNumbersStillParse()
    {
        var result = Parse("generate", "-c", "ckpt", "a red bird", "a blue bird", "--count", "2", "--seed", "-5");
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void BenchHelpDoesNotTalkAboutIssueNumbers()
    {
        var bench = CliHarness.Build().Subcommands.Single(c => c.Name == "bench");
        Assert.DoesNotContain("issue", bench.Description!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GeneratingFromAnEncodersCheckpointSaysWhichCheckpointToUse()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            var checkpoint = Path.Combine(dir, "encoders", "checkpoint");
            using (var model = TinyModels.Model())
            using (var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = checkpoint })
                trainer.Train(new TinyTrainingData(2), 1);
            var e = Assert.Throws<CheckpointException>(() => TextToImagePipeline.Load(checkpoint));
            Assert.Contains("encoders", e.Message);
            Assert.Contains("GAN or joint run", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

public class ResumeLatestTests
{
    [Fact]
    public void LatestIsTheRunFoldersCheckpointOrAClearError()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            var e = Assert.Throws<ArgumentException>(() => ZslAttnGan.Cli.Commands.TrainCommand.ResumeFrom("latest", dir));
            Assert.Contains("--resume latest", e.Message);
            Assert.Equal("elsewhere/checkpoint", ZslAttnGan.Cli.Commands.TrainCommand.ResumeFrom("elsewhere/checkpoint", dir));
            Assert.Null(ZslAttnGan.Cli.Commands.TrainCommand.ResumeFrom(null, dir));
            var checkpoint = Path.Combine(dir, "checkpoint");
            using (var model = TinyModels.Model())
            using (var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = checkpoint })
                trainer.Train(new TinyTrainingData(2), 1);
            Assert.Equal(Path.GetFullPath(checkpoint), ZslAttnGan.Cli.Commands.TrainCommand.ResumeFrom("LATEST", dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LearningRateOptionsParseAndOverrideOnlyWhatIsGiven()
    {
        var result = CliHarness.Parse("train", "-p", "gan", "-d", "data", "-o", "out", "--steps", "1", "--lr-g", "0.0002", "--lr-zsl-d", "5e-5");
        Assert.Empty(result.Errors);
        var preset = new ZslAttnGan.Training.TrainingOptions { EncoderLearningRate = 0.003, DiscriminatorLearningRate = 0.004 };
        var adjusted = ZslAttnGan.Cli.Commands.TrainCommand.WithLearningRates(preset, null, 0.0002, null, 5e-5);
        Assert.Equal((0.003, 0.0002, 0.004, 5e-5),
            (adjusted.EncoderLearningRate, adjusted.GeneratorLearningRate, adjusted.DiscriminatorLearningRate, adjusted.ZslDiscriminatorLearningRate));
        Assert.Contains("--lr-d", Assert.Throws<ArgumentException>(() => ZslAttnGan.Cli.Commands.TrainCommand.WithLearningRates(preset, null, null, -1, null)).Message);
        Assert.Contains("--lr-encoders", Assert.Throws<ArgumentException>(() => ZslAttnGan.Cli.Commands.TrainCommand.WithLearningRates(preset, double.NaN, null, null, null)).Message);
        Assert.NotEmpty(CliHarness.Parse("train", "-p", "gan", "-d", "data", "-o", "out", "--lr-g", "fast").Errors);
    }
}
