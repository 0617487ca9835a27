using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Workflows.Bench.Flops;

/// <summary>Per-layer forward FLOPs of the text side (BiLSTM, ZSL sentence generator), the ZSL discriminator and DAMSM.</summary>
public static class TextFlops
{
    /// <summary>The text encoder for captions whose lengths sum to <paramref name="tokens"/>: both LSTM directions
    /// (packed, so only real words) and the ZSL sentence generator. The embedding is a lookup (0 FLOPs).</summary>
    public static IEnumerable<(string Layer, double Flops)> Encoder(ModelOptions m, long batch, long tokens)
    {
        long hidden = m.EmbeddingSize / 2;
        yield return ("rnn/forward", Cost.LstmDirection(tokens, m.WordEmbeddingSize, hidden));
        yield return ("rnn/backward", Cost.LstmDirection(tokens, m.WordEmbeddingSize, hidden));
        if (m.SentenceGenerator is { } z)
        {
            yield return ("zsl_g/input", Cost.Linear(batch, z.InputSize, z.ReducedSize));
            yield return ("zsl_g/output.0", Cost.Linear(batch, z.ReducedSize + z.NoiseSize, z.HiddenSize));
            yield return ("zsl_g/output.2", Cost.Linear(batch, z.HiddenSize, z.OutputSize));
        }
    }

    /// <summary>The ZSL discriminator on <paramref name="rows"/> codes.</summary>
    public static IEnumerable<(string Layer, double Flops)> ZslDiscriminator(ModelOptions m, long classes, long rows)
    {
        yield return ("shared_layers", Cost.Linear(rows, m.EmbeddingSize, m.ZslDiscriminatorHidden));
        yield return ("fake_head", Cost.Linear(rows, m.ZslDiscriminatorHidden, 1));
        yield return ("class_head", Cost.Linear(rows, m.ZslDiscriminatorHidden, classes));
    }

    /// <summary>DAMSM's batched words loss (every image × caption pair, R regions, T words, D features): the
    /// region–word dot products, the attention-weighted context and the cosine numerators.</summary>
    public static IEnumerable<(string Layer, double Flops)> DamsmWords(long batch, long d, long regions, long words)
    {
        yield return ("words/dots", Cost.Matmul(batch * batch, regions, d, words));
        yield return ("words/context", Cost.Matmul(batch * batch, d, regions, words));
        yield return ("words/cosine", Cost.Matmul(batch * batch, 1, d, words));
    }

    /// <summary>DAMSM's sentence loss: the B × B code products.</summary>
    public static IEnumerable<(string Layer, double Flops)> DamsmSentence(long batch, long d)
    {
        yield return ("sentence/dots", Cost.Matmul(1, batch, d, batch));
    }
}
