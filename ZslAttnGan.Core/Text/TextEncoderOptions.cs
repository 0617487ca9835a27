using ZslAttnGan.Zsl;

namespace ZslAttnGan.Text;

/// <summary>Shape of <see cref="TextEncoder"/>. Defaults are the reference RNN_ENCODER with the seed's ZSL_G.</summary>
/// <param name="VocabularySize">Number of words including <c>&lt;end&gt;</c> = 0.</param>
/// <param name="WordEmbeddingSize">Word embedding width (300).</param>
/// <param name="HiddenSize">Feature size of words and sentence, both LSTM directions together (256; 128 each).</param>
/// <param name="Dropout">Dropout on the embedded words in train mode (0.5).</param>
/// <param name="SentenceGenerator">The ZSL sentence generator run on the LSTM sentence (ZSL-AttnGAN), or null for
/// plain AttnGAN, whose sentence is the LSTM's final hidden state.</param>
/// <param name="Pooling">How the sentence feature is read off the BiLSTM (the reference's final hidden state by
/// default).</param>
public sealed record TextEncoderOptions(
    int VocabularySize,
    int WordEmbeddingSize = 300,
    int HiddenSize = 256,
    double Dropout = 0.5,
    ZslSentenceGeneratorOptions? SentenceGenerator = null,
    SentencePooling Pooling = SentencePooling.FinalHiddenState)
{
    /// <summary>The seed's encoder: BiLSTM plus ZSL_G with the default sizes.</summary>
    public static TextEncoderOptions ZslAttnGan(int vocabularySize) => new(vocabularySize, SentenceGenerator: new ZslSentenceGeneratorOptions());

    /// <summary>The original AttnGAN encoder (no sentence generator).</summary>
    public static TextEncoderOptions AttnGan(int vocabularySize) => new(vocabularySize);

    internal void Validate()
    {
        if (VocabularySize < 2) throw new ArgumentException($"VocabularySize must be at least 2 (<end> and one word) but is {VocabularySize}.", nameof(VocabularySize));
        if (WordEmbeddingSize <= 0) throw new ArgumentException("WordEmbeddingSize must be positive.", nameof(WordEmbeddingSize));
        if (HiddenSize <= 0 || HiddenSize % 2 != 0) throw new ArgumentException($"HiddenSize must be positive and even (two LSTM directions) but is {HiddenSize}.", nameof(HiddenSize));
        if (Dropout is < 0 or >= 1) throw new ArgumentException($"Dropout must be in [0, 1) but is {Dropout}.", nameof(Dropout));
        if (SentenceGenerator is not null && SentenceGenerator.InputSize != HiddenSize)
            throw new ArgumentException($"SentenceGenerator.InputSize ({SentenceGenerator.InputSize}) must equal HiddenSize ({HiddenSize}).", nameof(SentenceGenerator));
        if (!Enum.IsDefined(Pooling)) throw new ArgumentException($"Pooling {(int)Pooling} is not a SentencePooling value.", nameof(Pooling));
        SentenceGenerator?.Validate();
    }
}
