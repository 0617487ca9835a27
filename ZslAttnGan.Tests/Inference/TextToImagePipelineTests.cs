using Microsoft.Extensions.DependencyInjection;
using ZslAttnGan.Testing;
using ZslAttnGan.Inference;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Inference;

public class TextToImagePipelineTests : IDisposable
{
    private readonly string _dir = TinyModels.TempDirectory();
    private readonly string _checkpoint;

    public TextToImagePipelineTests()
    {
        _checkpoint = Path.Combine(_dir, "gan");
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        using var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = _checkpoint };
        trainer.Train(new TinyTrainingData(2), 2);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static float[] Pixels(GenerationResult r) => r.StageImages[^1].data<float>().ToArray();

    [Fact]
    public void SameSeedGivesSameImagesAndAnotherSeedOthers()
    {
        using var p = TextToImagePipeline.Load(_checkpoint);
        using var a = p.Generate("w1 w2 w3", count: 2, seed: 9);
        using var b = p.Generate("w1 w2 w3", count: 2, seed: 9);
        using var c = p.Generate("w1 w2 w3", count: 2, seed: 10);
        Assert.Equal(Pixels(a), Pixels(b));
        Assert.NotEqual(Pixels(a), Pixels(c));
        Assert.Equal(2, a.Images.Count);
        Assert.Equal(64, a.Images[0].Width);
        Assert.Equal(new long[] { 2, 3, 32, 32 }, a.StageImages[0].shape);
        Assert.Equal(new long[] { 2, 3, 32, 32 }, a.AttentionMaps[0].shape);
        Assert.NotEqual(a.StageImages[^1][0].data<float>().ToArray(), a.StageImages[^1][1].data<float>().ToArray());
    }

    [Fact]
    public async Task GenerateAsyncGivesWhatGenerateGives()
    {
        using var p = TextToImagePipeline.Load(_checkpoint);
        using var sync = p.Generate("w1 w2 w3", count: 2, seed: 4);
        using var async = await p.GenerateAsync("w1 w2 w3", count: 2, seed: 4);
        Assert.Equal(Pixels(sync), Pixels(async));
        var many = await p.GenerateAsync(new[] { "w1 w2", "w3" }, count: 1, seed: 4);
        using (var first = p.Generate("w1 w2", count: 1, seed: 4))
            Assert.Equal(Pixels(first), Pixels(many[0]));
        foreach (var r in many) r.Dispose();
    }

    [Fact]
    public void EveryCallRunsWithThePipelinesThreadCountAndGivesTheCallingThreadItsOwnBack()
    {
        int before = get_num_threads();
        using var p = TextToImagePipeline.Load(_checkpoint);
        Assert.Equal(before, p.IntraOpThreads);
        Assert.Throws<ArgumentOutOfRangeException>(() => p.IntraOpThreads = 0);
        using var reference = p.Generate("w1 w2 w3", count: 2, seed: 4);
        // Another thread with another count gets the pipeline's count for the call and its own back afterwards.
        float[]? other = null;
        int after = 0;
        var thread = new Thread(() =>
        {
            set_num_threads(before == 1 ? 2 : 1);
            using var r = p.Generate("w1 w2 w3", count: 2, seed: 4);
            other = Pixels(r);
            after = get_num_threads();
        });
        thread.Start();
        thread.Join();
        Assert.Equal(before == 1 ? 2 : 1, after);
        Assert.Equal(Pixels(reference), other);
    }

    [Fact]
    public async Task ACancelledTokenStopsGenerationWithOperationCanceled()
    {
        using var p = TextToImagePipeline.Load(_checkpoint);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => p.Generate(new[] { "w1", "w2" }, 1, 0, cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => p.GenerateAsync("w1", cancellationToken: cts.Token));
        // Bad captions are still argument errors, not cancellations, and the pipeline keeps working.
        await Assert.ThrowsAsync<ArgumentException>(() => p.GenerateAsync("zebra"));
        using var r = await p.GenerateAsync("w1", seed: 2);
        Assert.Single(r.Images);
    }

    [Fact]
    public async Task TheServiceContainerHoldsOneSharedPipelineAndDisposesIt()
    {
        var services = new ServiceCollection();
        services.AddTextToImagePipeline(o => o.CheckpointDirectory = _checkpoint);
        TextToImagePipeline pipeline;
        using (var provider = services.BuildServiceProvider())
        {
            pipeline = provider.GetRequiredService<TextToImagePipeline>();
            Assert.Same(pipeline, provider.GetRequiredService<TextToImagePipeline>());
            using var direct = TextToImagePipeline.Load(_checkpoint);
            using var expected = direct.Generate("w1 w2", seed: 3);
            using var actual = await pipeline.GenerateAsync("w1 w2", seed: 3);
            Assert.Equal(Pixels(expected), Pixels(actual));
        }
        Assert.Throws<ObjectDisposedException>(() => pipeline.Generate("w1"));
    }

    [Fact]
    public void AMissingCheckpointSettingIsAnOptionsError()
    {
        var services = new ServiceCollection();
        services.AddTextToImagePipeline();
        using var provider = services.BuildServiceProvider();
        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            provider.GetRequiredService<TextToImagePipeline>());
        Assert.Contains("CheckpointDirectory", e.Message);
    }

    [Fact]
    public void UnknownWordsAreDroppedAndReportedOrRejected()
    {
        using var p = TextToImagePipeline.Load(_checkpoint);
        using var r = p.Generate("W1, zebra w2!", seed: 1);
        Assert.Equal(new[] { "w1", "w2" }, r.UsedWords);
        Assert.Equal(new[] { "zebra" }, r.DroppedWords);
        using var strict = TextToImagePipeline.Load(_checkpoint, unknownWords: UnknownWordPolicy.Reject);
        Assert.Equal("captions[0]", Assert.Throws<ArgumentException>(() => strict.Generate("w1 zebra")).ParamName);
        Assert.Contains("no word the model knows", Assert.Throws<ArgumentException>(() => p.Generate("zebra giraffe")).Message);
    }

    [Fact]
    public void ConcurrentCallsGiveTheSameResultsAsSequentialOnes()
    {
        using var p = TextToImagePipeline.Load(_checkpoint);
        var captions = new[] { "w1 w2", "w3 w4 w5", "w6", "w7 w8" };
        var sequential = captions.Select((c, i) => { using var r = p.Generate(c, seed: i); return Pixels(r); }).ToList();
        var parallel = new float[captions.Length][];
        Parallel.For(0, captions.Length, i => { using var r = p.Generate(captions[i], seed: i); parallel[i] = Pixels(r); });
        for (int i = 0; i < captions.Length; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    [Fact]
    public void LoadUsesTheAveragedGeneratorWeights()
    {
        using var p = TextToImagePipeline.Load(_checkpoint);
        var ema = Checkpoint.Open(_checkpoint).ReadTensors(GanTrainer.EmaName);
        var live = p.Model.Generator.Module.state_dict();
        Assert.All(ema, kv => Assert.True(kv.Value.equal(live[kv.Key]).all().item<bool>(), kv.Key));
    }
}
