using Xunit;
using ZslAttnGan.Components;
using static TorchSharp.torch;

namespace ZslAttnGan.Testing.Contracts;

/// <summary>Token ids [B, L] and lengths [B] for a text encoder.</summary>
public sealed record TextInputs(Tensor Captions, Tensor Lengths);

/// <summary>
/// The contract of <see cref="ITextEncoder"/>: words [B, WordSize, longest length] that are zero past each caption's
/// length, a sentence code [B, SentenceSize], lengths accepted in any order, and argument checks on ids and lengths.
/// Derive, implement <see cref="ModuleContract{TComponent,TInputs}.Create"/>, and set <see cref="VocabularySize"/>
/// when the encoder is not built for <see cref="TinyModels.VocabularySize"/> words.
/// </summary>
/// <typeparam name="TEncoder">The encoder under test.</typeparam>
public abstract class TextEncoderContract<TEncoder> : ModuleContract<TEncoder, TextInputs> where TEncoder : class, ITextEncoder
{
    /// <summary>Words the encoder was built for (ids are drawn from 1 … VocabularySize − 1).</summary>
    protected virtual int VocabularySize => TinyModels.VocabularySize;

    /// <summary>Caption length L of the inputs.</summary>
    protected virtual int MaxWords => 6;

    /// <inheritdoc />
    protected override TextInputs Inputs(TEncoder component, int batch, int size, Generator generator)
    {
        // Lengths deliberately not sorted: encoders must accept any order.
        int[] pattern = { MaxWords - 1, MaxWords, 1, MaxWords - 2, 3 };
        var lengths = Enumerable.Range(0, batch).Select(i => (long)Math.Clamp(pattern[i % pattern.Length], 1, MaxWords)).ToArray();
        var ids = randint(1, VocabularySize, new long[] { batch, MaxWords }, generator: generator).data<long>().ToArray();
        for (int i = 0; i < batch; i++)
            for (long w = lengths[i]; w < MaxWords; w++) ids[i * MaxWords + w] = 0;
        return new TextInputs(tensor(ids, new long[] { batch, MaxWords }), tensor(lengths));
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Run(TEncoder component, TextInputs inputs, Generator generator)
    {
        var e = component.Encode(inputs.Captions, inputs.Lengths, generator: generator);
        return new[] { e.Words, e.Sentence };
    }

    /// <inheritdoc />
    protected override IReadOnlyList<long[]> ExpectedShapes(TEncoder component, int batch, int size, TextInputs inputs)
    {
        long longest = inputs.Lengths.max().item<long>();
        return new[] { new long[] { batch, component.WordSize, longest }, new long[] { batch, component.SentenceSize } };
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Case, Action<TEncoder> Call)> BadCalls(TEncoder component, Generator generator)
    {
        var good = Inputs(component, 2, 0, generator);
        yield return ("captions of rank 1", c => c.Encode(good.Captions[0], good.Lengths, generator: generator));
        yield return ("float captions", c => c.Encode(good.Captions.to(ScalarType.Float32), good.Lengths, generator: generator));
        yield return ("one length for two captions", c => c.Encode(good.Captions, good.Lengths[..1], generator: generator));
        yield return ("a length of 0", c => c.Encode(good.Captions, tensor(new long[] { MaxWords, 0 }), generator: generator));
        yield return ("a length longer than the captions", c => c.Encode(good.Captions, tensor(new long[] { MaxWords + 1, 1 }), generator: generator));
    }

    /// <summary>Word features past each caption's length are zero (DAMSM and the generator's attention rely on it), in
    /// both modes.</summary>
    [Fact]
    public void WordsAreZeroPastEachCaptionsLength()
    {
        using var component = CreateSeeded(21);
        using var scope = NewDisposeScope();
        foreach (bool train in new[] { false, true })
        {
            component.Module.train(train);
            using var g = new Generator(22);
            var inputs = Inputs(component, 3, 0, g);
            var words = component.Encode(inputs.Captions, inputs.Lengths, generator: g).Words;
            var lengths = inputs.Lengths.data<long>().ToArray();
            for (int i = 0; i < lengths.Length; i++)
                if (lengths[i] < words.shape[2])
                    Assert.True(words[i, .., (int)lengths[i]..].abs().max().item<float>() == 0, $"Caption {i} (length {lengths[i]}) has non-zero word features past its end ({(train ? "train" : "eval")} mode).");
        }
    }

    /// <summary>A caption's word features do not depend on the other captions of the batch, their order or the padding
    /// (eval mode).</summary>
    [Fact]
    public void EachCaptionsWordsAreIndependentOfItsBatch()
    {
        using var component = CreateSeeded(23);
        using var scope = NewDisposeScope();
        component.Module.eval();
        using var _ = no_grad();
        using var g = new Generator(24);
        var inputs = Inputs(component, 3, 0, g);
        using var g1 = new Generator(25);
        var together = component.Encode(inputs.Captions, inputs.Lengths, generator: g1).Words;
        for (int i = 0; i < 3; i++)
        {
            long len = inputs.Lengths[i].item<long>();
            using var g2 = new Generator(25);
            var alone = component.Encode(inputs.Captions[i..(i + 1), ..(int)len], inputs.Lengths[i..(i + 1)], generator: g2).Words;
            TensorAssert.Close(together[i..(i + 1), .., ..(int)len], alone, 1e-5, $"caption {i}'s words alone vs in the batch");
        }
    }

    /// <inheritdoc />
    protected override TextInputs MoveInputs(TextInputs inputs, Device device) => new(inputs.Captions.to(device), inputs.Lengths);
}
