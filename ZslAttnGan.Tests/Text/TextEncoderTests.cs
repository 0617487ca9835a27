using ZslAttnGan.Text;

namespace ZslAttnGan.Tests.Text;

public class TextEncoderTests
{
    private static TextEncoder Small(bool zsl = true)
    {
        manual_seed(1);
        var options = new TextEncoderOptions(20, 12, 16, SentenceGenerator: zsl ? new ZslAttnGan.Zsl.ZslSentenceGeneratorOptions(16, 8, 4, 8, 16) : null);
        var e = new TextEncoder(options);
        e.eval();
        return e;
    }

    [Fact]
    public void UnsortedLengthsGiveTheSameRowsAsSorted()
    {
        using var scope = NewDisposeScope();
        using var e = Small();
        var captions = tensor(new long[,] { { 3, 4, 5, 6, 7 }, { 1, 2, 0, 0, 0 }, { 8, 9, 10, 0, 0 } });
        var lengths = tensor(new long[] { 5, 2, 3 });
        var noise = randn(3, 4);
        var unsorted = e.Encode(captions, lengths, noise);

        var order = tensor(new long[] { 0, 2, 1 });
        var sorted = e.Encode(captions.index_select(0, order), lengths.index_select(0, order), noise.index_select(0, order));
        TensorAssert.Close(sorted.Words.index_select(0, order), unsorted.Words, 1e-6, "words");
        TensorAssert.Close(sorted.Sentence.index_select(0, order), unsorted.Sentence, 1e-6, "sentence");
    }

    [Fact]
    public void WordsAreZeroPastEachLengthAndWidthIsTheLongestCaption()
    {
        using var scope = NewDisposeScope();
        using var e = Small(zsl: false);
        var captions = tensor(new long[,] { { 1, 2, 0, 0, 0, 0 }, { 3, 4, 5, 6, 0, 0 } });
        var r = e.Encode(captions, tensor(new long[] { 2, 4 }));
        Assert.Equal(new long[] { 2, 16, 4 }, r.Words.shape);
        Assert.Equal(0.0, r.Words[0, .., 2..].abs().sum().item<float>());
        Assert.True(r.Words[1, .., 3].abs().sum().item<float>() > 0);
        Assert.Equal(new long[] { 2, 16 }, r.Sentence.shape);
    }

    [Fact]
    public void PaddingContentDoesNotChangeTheResult()
    {
        using var scope = NewDisposeScope();
        using var e = Small();
        var noise = randn(1, 4);
        var a = e.Encode(tensor(new long[,] { { 3, 4, 0, 0 } }), tensor(new long[] { 2 }), noise);
        var b = e.Encode(tensor(new long[,] { { 3, 4, 9, 9 } }), tensor(new long[] { 2 }), noise);
        TensorAssert.Close(a.Sentence, b.Sentence, 1e-7, "sentence");
        TensorAssert.Close(a.Words, b.Words, 1e-7, "words");
    }

    [Fact]
    public void BatchOfOneWorks()
    {
        using var scope = NewDisposeScope();
        using var e = Small();
        var r = e.Encode(tensor(new long[,] { { 3, 4, 5 } }), tensor(new long[] { 3 }));
        Assert.Equal(new long[] { 1, 16, 3 }, r.Words.shape);
        Assert.Equal(new long[] { 1, 16 }, r.Sentence.shape);
    }

    [Fact]
    public void NoiseFromASeededGeneratorIsReproducible()
    {
        using var scope = NewDisposeScope();
        using var e = Small();
        var captions = tensor(new long[,] { { 3, 4, 5 } });
        var lens = tensor(new long[] { 3 });
        var a = e.Encode(captions, lens, generator: new Generator(7));
        var b = e.Encode(captions, lens, generator: new Generator(7));
        var c = e.Encode(captions, lens, generator: new Generator(8));
        TensorAssert.Close(a.Sentence, b.Sentence, 0, "same seed");
        Assert.False(a.Sentence.allclose(c.Sentence), "another seed should give another code");
    }

    [Theory]
    [InlineData("rank")]
    [InlineData("dtype")]
    [InlineData("zeroLength")]
    [InlineData("tooLong")]
    [InlineData("batchMismatch")]
    [InlineData("noiseShape")]
    public void BadInputThrowsArgumentExceptionNamingTheArgument(string kind)
    {
        using var scope = NewDisposeScope();
        using var e = Small();
        var captions = tensor(new long[,] { { 3, 4, 5 }, { 1, 2, 0 } });
        var lens = tensor(new long[] { 3, 2 });
        var (c, l, n, param) = kind switch
        {
            "rank" => (captions.flatten(), lens, (Tensor?)null, "captions"),
            "dtype" => (captions.to_type(ScalarType.Float32), lens, null, "captions"),
            "zeroLength" => (captions, tensor(new long[] { 3, 0 }), null, "lengths"),
            "tooLong" => (captions, tensor(new long[] { 4, 2 }), null, "lengths"),
            "batchMismatch" => (captions, tensor(new long[] { 3 }), null, "lengths"),
            _ => (captions, lens, randn(2, 5), "noise"),
        };
        var ex = Assert.ThrowsAny<ArgumentException>(() => e.Encode(c, l, n));
        Assert.Equal(param, ex.ParamName);
        Assert.Contains("must", ex.Message); // says what is expected
    }
}
