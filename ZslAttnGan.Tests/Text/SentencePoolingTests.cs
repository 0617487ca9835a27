using ZslAttnGan.Checkpoints;
using ZslAttnGan.Interop;
using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Models;
using ZslAttnGan.Text;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Text;

/// <summary><see cref="SentencePooling.MeanOfWords"/>: the sentence feature is the mean of each caption's own word
/// features, and the ZSL generator reads it.</summary>
public class SentencePoolingTests
{
    private static TextEncoder Encoder(SentencePooling pooling, bool zsl = true)
    {
        manual_seed(3);
        var e = new TextEncoder(new TextEncoderOptions(20, 12, 16, SentenceGenerator: zsl ? new ZslSentenceGeneratorOptions(16, 8, 4, 8, 16) : null, Pooling: pooling));
        e.eval();
        return e;
    }

    [Fact]
    public void SentenceIsTheMeanOfEachCaptionsOwnWordsInTheCallersRowOrder()
    {
        using var scope = NewDisposeScope();
        using var e = Encoder(SentencePooling.MeanOfWords, zsl: false);
        // Unsorted lengths: the encoder sorts internally, and the mean must still use each row's own length.
        var captions = tensor(new long[,] { { 1, 2, 0, 0, 0 }, { 3, 4, 5, 6, 7 }, { 8, 9, 10, 0, 0 } });
        long[] lengths = { 2, 5, 3 };
        var r = e.Encode(captions, tensor(lengths));
        for (int i = 0; i < lengths.Length; i++)
        {
            var byHand = r.Words[i, .., ..(int)lengths[i]].sum(1).div(Scalars.S(lengths[i]));
            TensorAssert.Close(byHand, r.LstmSentence[i], 1e-6, $"row {i}");
        }
        // Without a ZSL generator the sentence code is the pooled feature itself.
        TensorAssert.Close(r.LstmSentence, r.Sentence, 0, "sentence code");
    }

    [Fact]
    public void TheZslGeneratorReadsThePooledFeature()
    {
        using var scope = NewDisposeScope();
        using var e = Encoder(SentencePooling.MeanOfWords);
        var captions = tensor(new long[,] { { 3, 4, 5, 0 }, { 1, 2, 6, 7 } });
        var noise = randn(2, 4);
        var r = e.Encode(captions, tensor(new long[] { 3, 4 }), noise);
        TensorAssert.Close(e.SentenceGenerator!.forward(r.LstmSentence, noise), r.Sentence, 1e-6, "code");
    }

    [Fact]
    public void PoolingChangesTheSentenceButNotTheWords()
    {
        using var scope = NewDisposeScope();
        using var final = Encoder(SentencePooling.FinalHiddenState);
        using var mean = Encoder(SentencePooling.MeanOfWords);
        // Same seed, same parameter shapes: the same weights.
        var captions = tensor(new long[,] { { 3, 4, 5, 6 } });
        var lengths = tensor(new long[] { 4 });
        var noise = randn(1, 4);
        var a = final.Encode(captions, lengths, noise);
        var b = mean.Encode(captions, lengths, noise);
        TensorAssert.Close(a.Words, b.Words, 0, "words");
        Assert.False(a.LstmSentence.allclose(b.LstmSentence), "the pooled sentence should differ from the final hidden state");
        TensorAssert.Close(b.Words.mean(new long[] { 2 }), b.LstmSentence, 1e-6, "a full-length caption's mean");
    }

    [Fact]
    public void GradientsReachEveryWordOfTheCaption()
    {
        using var scope = NewDisposeScope();
        using var e = Encoder(SentencePooling.MeanOfWords, zsl: false);
        e.train();
        var captions = tensor(new long[,] { { 3, 4, 5 } });
        var r = e.Encode(captions, tensor(new long[] { 3 }));
        r.Sentence.sum().backward();
        var embedding = e.named_parameters().Single(p => p.name == "encoder.weight").parameter;
        var rows = embedding.grad!.abs().sum(1);
        foreach (long id in new long[] { 3, 4, 5 }) Assert.True(rows[id].item<float>() > 0, $"word {id} gets no gradient");
    }

    [Fact]
    public void AnUndefinedPoolingIsRefusedByName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TextEncoder(new TextEncoderOptions(20, 12, 16, Pooling: (SentencePooling)7)));
        Assert.Equal("Pooling", ex.ParamName);
        var model = Assert.Throws<ArgumentException>(() => (TinyModels.ZslAttnGan() with { SentencePooling = (SentencePooling)7 }).Validate());
        Assert.Equal("SentencePooling", model.ParamName);
    }

    [Fact]
    public void ModelOptionsCarryThePoolingToTheEncoderAndExportsWarn()
    {
        var options = TinyModels.ZslAttnGan() with { SentencePooling = SentencePooling.MeanOfWords };
        Assert.Equal(SentencePooling.MeanOfWords, options.TextEncoderFor(TinyModels.VocabularySize).Pooling);
        Assert.Contains(ReferenceCompatibility.Warnings(options), w => w.Contains("mean of its word features", StringComparison.Ordinal));
        Assert.DoesNotContain(ReferenceCompatibility.Warnings(TinyModels.ZslAttnGan()), w => w.Contains("mean of its word features", StringComparison.Ordinal));
    }

    [Fact]
    public void ACheckpointKeepsThePoolingAndItsEncoderGivesTheSameSentence()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            var options = TinyModels.ZslAttnGan() with { SentencePooling = SentencePooling.MeanOfWords };
            var path = Path.Combine(dir, "enc");
            using var model = new ZslAttnGanModel(options, TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
            using (var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = path })
                trainer.Train(new TinyTrainingData(2), 2);
            var checkpoint = Checkpoint.Open(path);
            Assert.Equal(SentencePooling.MeanOfWords, checkpoint.Manifest.Model.SentencePooling);
            using var loaded = checkpoint.CreateModel();
            using var scope = NewDisposeScope();
            var captions = tensor(new long[,] { { 1, 2, 3, 0 }, { 4, 5, 6, 7 } });
            var lengths = tensor(new long[] { 3, 4 });
            model.TextEncoder.Module.eval();
            loaded.TextEncoder.Module.eval();
            var a = model.TextEncoder.Encode(captions, lengths, generator: new Generator(5));
            var b = loaded.TextEncoder.Encode(captions, lengths, generator: new Generator(5));
            TensorAssert.Close(a.LstmSentence, b.LstmSentence, 0, "pooled sentence");
            TensorAssert.Close(b.Words.sum(2).div(lengths.unsqueeze(1).to(ScalarType.Float32)), b.LstmSentence, 1e-6, "mean of words");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
