using ZslAttnGan.Text;
using static TorchSharp.torch;

namespace ZslAttnGan.Components;

/// <summary>
/// The text-encoder role: token ids → word features and a sentence code. The built-in one is
/// <see cref="TextEncoder"/> (BiLSTM with the ZSL sentence generator).
/// </summary>
public interface ITextEncoder : IModelComponent
{
    /// <summary>Channels of <see cref="TextEncoding.Words"/> (the generator's word size and DAMSM's region size).</summary>
    int WordSize { get; }

    /// <summary>Width of <see cref="TextEncoding.Sentence"/> (the generator's condition).</summary>
    int SentenceSize { get; }

    /// <summary>Encodes captions [B, L] (int64 token ids, zero-padded) with lengths [B] (int64, 1..L, any order).</summary>
    /// <param name="captions">Token ids [B, L].</param>
    /// <param name="lengths">Caption lengths [B].</param>
    /// <param name="noise">Noise of a stochastic sentence conditioner [B, N], or null to draw it from
    /// <paramref name="generator"/>; encoders without one ignore it.</param>
    /// <param name="generator">Random source for noise and, in train mode, dropout; null = the global generator.</param>
    /// <returns>Words [B, <see cref="WordSize"/>, T] (T = the longest caption, zero past each length), the sentence code
    /// [B, <see cref="SentenceSize"/>] and the deterministic sentence feature before any conditioner.</returns>
    /// <exception cref="ArgumentException">A shape, dtype or length is invalid (before any native call).</exception>
    TextEncoding Encode(Tensor captions, Tensor lengths, Tensor? noise = null, Generator? generator = null);
}
