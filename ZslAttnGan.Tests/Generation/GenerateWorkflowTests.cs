using System.Security.Cryptography;
using System.Text.Json;
using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Workflows.Generation;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Tests.Generation;

public class GenerateWorkflowTests
{
    [Theory]
    [InlineData("a small bird with a red body and blue wings and a yellow head", "a-small-bird-with-a-red-body-and-blue")]
    [InlineData("Red!", "red")]
    [InlineData("!!!", "caption")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyzabcdefghijklmn")]
    public void FileNamesAreCutAtAWordBoundary(string caption, string slug)
    {
        Assert.Equal(slug, GenerateWorkflow.Slug(caption));
        Assert.True(GenerateWorkflow.Slug(caption).Length <= 40);
    }

    private sealed class Quiet : IRunReporter
    {
        public void Info(string message) { }
        public IPhaseProgress StartPhase(string title, ZslAttnGan.Runs.RunLimit limit) => throw new NotSupportedException();
    }

    [Fact]
    public void EachCaptionGetsASidecarWithItsSeedWordsAndCheckpointHash()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            var checkpoint = Path.Combine(dir, "checkpoint");
            using (var model = TinyModels.Model())
            using (var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = checkpoint })
                trainer.Train(new TinyTrainingData(2), 1);
            var output = Path.Combine(dir, "out");
            var written = GenerateWorkflow.Run(new GenerateRequest
            {
                CheckpointDirectory = checkpoint, Captions = ["w1 w2 zebra", "w3"], OutputDirectory = output, Count = 2, Seed = 10,
            }, new Quiet());
            Assert.Equal(2, written.Count);
            var expectedHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(checkpoint, "checkpoint.json"))));
            var sidecars = Directory.GetFiles(output, "*.json").Order(StringComparer.Ordinal).ToList();
            Assert.Equal(2, sidecars.Count);
            using var first = JsonDocument.Parse(File.ReadAllText(sidecars[0]));
            var root = first.RootElement;
            Assert.Equal("w1 w2 zebra", root.GetProperty("caption").GetString());
            Assert.Equal(10, root.GetProperty("seed").GetInt64());
            Assert.Equal(new[] { "zebra" }, root.GetProperty("dropped_words").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(expectedHash, root.GetProperty("checkpoint_sha256").GetString());
            Assert.Equal(1, root.GetProperty("step").GetInt64());
            Assert.All(root.GetProperty("images").EnumerateArray(), e => Assert.True(File.Exists(Path.Combine(output, e.GetString()!))));
            using var second = JsonDocument.Parse(File.ReadAllText(sidecars[1]));
            Assert.Equal(11, second.RootElement.GetProperty("seed").GetInt64());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
