using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;

namespace ZslAttnGan.Text;

/// <summary>Output of <see cref="TextEncoder"/>.</summary>
/// <param name="Words">Word features [B, HiddenSize, T], T = the longest caption; zero past each caption's length.</param>
/// <param name="Sentence">The sentence code [B, C]: the ZSL generator's output, or the LSTM sentence without one.</param>
/// <param name="LstmSentence">The sentence feature read off the BiLSTM [B, HiddenSize], before the ZSL generator: its
/// final hidden state [forward | backward], or the mean of <paramref name="Words"/> over each caption's words with
/// <see cref="SentencePooling.MeanOfWords"/>.</param>
public readonly record struct TextEncoding(Tensor Words, Tensor Sentence, Tensor LstmSentence);

/// <summary>
/// The reference RNN_ENCODER: word embedding, dropout, a bidirectional LSTM over packed sequences (each caption read
/// only up to its own length) and, in ZSL-AttnGAN, the <see cref="ZslSentenceGenerator"/> on the sentence feature
/// (the final hidden state, or the mean of the word features: <see cref="TextEncoderOptions.Pooling"/>).
/// Unlike the reference it accepts lengths in any order: it sorts internally and returns rows in the caller's order.
/// State-dict keys: <c>encoder.weight</c>, <c>rnn.*</c>, <c>zsl_g.*</c>.
/// </summary>
public sealed class TextEncoder : nn.Module<Tensor, Tensor, TextEncoding>, Components.ITextEncoder
{
    private readonly Embedding encoder;
    private readonly LSTM rnn;
    private readonly ZslSentenceGenerator? zsl_g;

    /// <summary>Creates the encoder with the reference init (embedding uniform ±0.1, LSTM and ZSL_G PyTorch defaults).</summary>
    public TextEncoder(TextEncoderOptions options) : base(nameof(TextEncoder))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        encoder = nn.Embedding(options.VocabularySize, options.WordEmbeddingSize);
        rnn = nn.LSTM(options.WordEmbeddingSize, options.HiddenSize / 2, numLayers: 1, batchFirst: true, bidirectional: true);
        if (options.SentenceGenerator is not null) zsl_g = new ZslSentenceGenerator(options.SentenceGenerator);
        RegisterComponents();
        using var _ = no_grad();
        nn.init.uniform_(encoder.weight!, -0.1, 0.1);
    }

    /// <summary>Re-initialises from <paramref name="generator"/> as the reference does: embedding U(±0.1), LSTM and
    /// ZSL generator with PyTorch's defaults (or the generator's Xavier option).</summary>
    public void ResetParameters(Generator generator)
    {
        Initialization.DefaultInit.Reset(this, generator);
        using (no_grad()) encoder.weight!.uniform_(-0.1, 0.1, generator);
        zsl_g?.ResetParameters(generator);
    }

    /// <summary>The options this encoder was built with.</summary>
    public TextEncoderOptions Options { get; }

    /// <summary>The ZSL sentence generator, or null in plain AttnGAN mode.</summary>
    public ZslSentenceGenerator? SentenceGenerator => zsl_g;

    /// <summary>Channels of <see cref="TextEncoding.Words"/> (both LSTM directions).</summary>
    public int WordSize => Options.HiddenSize;

    /// <summary>Size of <see cref="TextEncoding.Sentence"/>.</summary>
    public int SentenceSize => zsl_g?.Options.OutputSize ?? Options.HiddenSize;

    /// <summary>
    /// Dropout on the embedded words in train mode, with its mask drawn from <paramref name="generator"/> (nn.Dropout
    /// would draw from the process-wide generator, which breaks reproducible training).
    /// </summary>
    private Tensor Dropout(Tensor embedded, Generator? generator)
    {
        if (!training || Options.Dropout <= 0) return embedded;
        var keep = rand(embedded.shape, dtype: embedded.dtype, device: embedded.device, generator: generator) >= ZslAttnGan.TorchSharpWorkarounds.Scalars.S(Options.Dropout);
        return embedded * keep / ZslAttnGan.TorchSharpWorkarounds.Scalars.S(1 - Options.Dropout);
    }

    /// <summary>Encodes captions, drawing the ZSL generator's noise from the global generator.</summary>
    public override TextEncoding forward(Tensor captions, Tensor lengths) => Encode(captions, lengths);

    /// <summary>Encodes captions [B, L] (int64, zero-padded) with lengths [B] (int64, 1..L, any order).</summary>
    /// <param name="captions">Token ids [B, L].</param>
    /// <param name="lengths">Caption lengths [B].</param>
    /// <param name="noise">ZSL generator noise [B, NoiseSize]; drawn from <paramref name="generator"/> when null.</param>
    /// <param name="generator">Random source for the noise when <paramref name="noise"/> is null, and for dropout in train mode.</param>
    public TextEncoding Encode(Tensor captions, Tensor lengths, Tensor? noise = null, Generator? generator = null)
    {
        Guard.Shape(captions, nameof(captions), "[B, L] (int64 token ids)", -1, -1);
        Guard.DType(captions, nameof(captions), ScalarType.Int64);
        long batch = captions.shape[0];
        Guard.Positive(batch, "captions.shape[0]");
        var lens = Guard.Lengths(lengths, nameof(lengths), batch, captions.shape[1]);
        if (noise is not null && zsl_g is not null)
            Guard.Shape(noise, nameof(noise), $"[B, {zsl_g.Options.NoiseSize}]", batch, zsl_g.Options.NoiseSize);

        // pack_padded_sequence needs descending lengths; sort (stably) and undo the permutation at the end.
        var order = Enumerable.Range(0, (int)batch).OrderByDescending(i => lens[i]).ToArray();
        bool sorted = order.Select((o, i) => o == i).All(x => x);
        var device = captions.device;
        using var orderT = tensor(order.Select(o => (long)o).ToArray(), device: device);
        var sortedCaptions = sorted ? captions : captions.index_select(0, orderT);
        var sortedLens = tensor(order.Select(o => lens[o]).ToArray());

        var emb = Dropout(encoder.forward(sortedCaptions), generator);
        // enforce_sorted: false although the rows are sorted: with true, TorchSharp 0.107 leaks two tensor handles per
        // PackedSequence for good (the absent sorted/unsorted indices; four per call with the LSTM's output), which the
        // 1000-step memory check shows. With false the indices are the identity and every handle is released; each
        // sequence is computed exactly as before. Both PackedSequences are disposed explicitly.
        using var packed = nn.utils.rnn.pack_padded_sequence(emb, sortedLens, batch_first: true, enforce_sorted: false);
        var (outPacked, hN, _) = rnn.call(packed);
        Tensor padded;
        using (outPacked) (padded, _) = nn.utils.rnn.pad_packed_sequence(outPacked, batch_first: true);
        var words = padded.transpose(1, 2);                       // [B, H, T], T = longest caption
        var sentence = hN.transpose(0, 1).reshape(batch, Options.HiddenSize);

        if (!sorted)
        {
            var inverse = new long[batch];
            for (int i = 0; i < batch; i++) inverse[order[i]] = i;
            using var inv = tensor(inverse, device: device);
            words = words.index_select(0, inv);
            sentence = sentence.index_select(0, inv);
        }
        words = words.contiguous();
        if (Options.Pooling == SentencePooling.MeanOfWords)
        {
            // Words are zero past each caption's length, so the sum over T divided by the length is the mean over its words.
            using var count = tensor(lens, device: device).to(words.dtype).unsqueeze(1);
            sentence = words.sum(2).div(count);
        }

        Tensor code = zsl_g is null
            ? sentence
            : noise is null ? zsl_g.Sample(sentence, generator) : zsl_g.forward(sentence, noise);
        return new TextEncoding(words, code, sentence);
    }
}
