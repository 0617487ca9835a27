using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Components;
using ZslAttnGan.Text;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace CustomComponentExample;

/// <summary>
/// A text encoder written outside the library: word embedding, a one-directional GRU whose outputs are the word
/// features (a forward GRU's output at a word never sees the padding after it, so no packing is needed), the output at
/// each caption's last word as the sentence, and the library's ZSL sentence generator on top, so that the model stays
/// a ZSL-AttnGAN. Implementing <see cref="ITextEncoder"/> on a <c>torch.nn.Module</c> is all the library asks.
/// </summary>
public sealed class GruTextEncoder : nn.Module<Tensor, Tensor, TextEncoding>, ITextEncoder
{
    /// <summary>The type name checkpoints record (see <see cref="Register"/>).</summary>
    public const string TypeName = "CustomComponentExample.GruTextEncoder";

    private readonly Embedding embedding;
    private readonly GRU gru;
    private readonly ZslSentenceGenerator? zsl_g;

    /// <summary>Creates the encoder.</summary>
    /// <param name="vocabularySize">Words in the vocabulary.</param>
    /// <param name="hiddenSize">Word and sentence width (the model's EmbeddingSize).</param>
    /// <param name="options">Embedding width and layers.</param>
    /// <param name="sentenceGenerator">The ZSL sentence generator's options, or null for a plain sentence code.</param>
    public GruTextEncoder(int vocabularySize, int hiddenSize, GruTextEncoderOptions options, ZslSentenceGeneratorOptions? sentenceGenerator)
        : base(nameof(GruTextEncoder))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentNullException.ThrowIfNull(options);
        WordSize = hiddenSize;
        VocabularySize = vocabularySize;
        embedding = nn.Embedding(vocabularySize, options.WordEmbeddingSize);
        gru = nn.GRU(options.WordEmbeddingSize, hiddenSize, numLayers: options.Layers, batchFirst: true);
        if (sentenceGenerator is not null) zsl_g = new ZslSentenceGenerator(sentenceGenerator);
        RegisterComponents();
    }

    /// <summary>Registers the encoder with the library, so models and checkpoints can name it. Idempotent.</summary>
    public static void Register() => ComponentRegistry.Register(TypeName, ComponentRole.TextEncoder, context =>
        new GruTextEncoder(context.VocabularySize, context.Model.EmbeddingSize, context.Options<GruTextEncoderOptions>(), context.Model.SentenceGenerator));

    /// <summary>The spec to put into <c>ModelOptions.Components.TextEncoder</c>.</summary>
    public static ComponentSpec Spec(GruTextEncoderOptions? options = null) => ComponentSpec.Create(TypeName, options ?? new GruTextEncoderOptions());

    /// <summary>Words in the vocabulary.</summary>
    public int VocabularySize { get; }

    /// <inheritdoc />
    public int WordSize { get; }

    /// <inheritdoc />
    public int SentenceSize => zsl_g?.Options.OutputSize ?? WordSize;

    /// <inheritdoc />
    public void ResetParameters(Generator generator)
    {
        // Every parameter drawn from the given generator only: U(±1/√hidden) as PyTorch's GRU default, N(0, 1) for
        // the embedding as nn.Embedding's, then the ZSL generator's own reset.
        using var _ = no_grad();
        double bound = 1 / Math.Sqrt(WordSize);
        foreach (var (name, p) in gru.named_parameters()) p.uniform_(-bound, bound, generator);
        embedding.weight!.normal_(0, 1, generator);
        zsl_g?.ResetParameters(generator);
    }

    /// <inheritdoc />
    public override TextEncoding forward(Tensor captions, Tensor lengths) => Encode(captions, lengths);

    /// <inheritdoc />
    public TextEncoding Encode(Tensor captions, Tensor lengths, Tensor? noise = null, Generator? generator = null)
    {
        // Argument checks before any native call: a wrong shape is the caller's error and says so.
        if (captions.dim() != 2 || captions.dtype != ScalarType.Int64 || captions.shape[0] == 0)
            throw new ArgumentException($"captions must be int64 token ids [B, L] but are {captions.dtype} [{string.Join(", ", captions.shape)}].", nameof(captions));
        long batch = captions.shape[0], width = captions.shape[1];
        if (lengths.dim() != 1 || lengths.shape[0] != batch || lengths.dtype != ScalarType.Int64)
            throw new ArgumentException($"lengths must be int64 [{batch}] but are {lengths.dtype} [{string.Join(", ", lengths.shape)}].", nameof(lengths));
        var lens = lengths.cpu().data<long>().ToArray();
        if (lens.Any(l => l < 1 || l > width))
            throw new ArgumentException($"Every length must be in 1..{width}: [{string.Join(", ", lens)}].", nameof(lengths));

        long longest = lens.Max();
        var ids = captions.narrow(1, 0, longest);
        var (outputs, _) = gru.call(embedding.call(ids));                    // [B, T, H]
        using var positions = ZslAttnGan.TorchSharpWorkarounds.Ranges.Arange(longest, captions.device).unsqueeze(0);
        var padding = positions >= lengths.to(captions.device).unsqueeze(1);  // [B, T], true past each caption
        var words = outputs.masked_fill(padding.unsqueeze(2), ZslAttnGan.TorchSharpWorkarounds.Scalars.S(0)).transpose(1, 2).contiguous();
        var last = tensor(lens.Select(l => l - 1).ToArray(), device: captions.device).view(batch, 1, 1).expand(batch, 1, WordSize);
        var sentence = outputs.gather(1, last).squeeze(1);                   // output at each caption's last word

        Tensor code = zsl_g is null ? sentence
            : noise is null ? ((ISentenceConditioner)zsl_g).Condition(sentence, generator).Code
            : zsl_g.forward(sentence, noise);
        return new TextEncoding(words, code, sentence);
    }
}
