namespace ZslAttnGan.Text;

/// <summary>How <see cref="TextEncoder"/> turns its BiLSTM's outputs into the sentence feature that the ZSL sentence
/// generator reads (or that is the sentence code itself in plain AttnGAN).</summary>
public enum SentencePooling
{
    /// <summary>The BiLSTM's final hidden states, forward and backward joined: the reference RNN_ENCODER's
    /// <c>sent_emb</c>.</summary>
    FinalHiddenState = 0,

    /// <summary>The mean of the word features over each caption's own words. Every word then reaches the sentence on an
    /// equal footing, which keeps it compositional: on the quick start's birds, after 1,000 encoder steps, a linear
    /// read-out of body / wing / head colour fitted on seen species' captions reads unseen species' captions at
    /// 0.60 / 0.79 / 0.82, against 0.33 / 0.43 / 0.50 for the final hidden state. The reference's ZSL generator does not
    /// keep that in the code c it computes from it (alone, over two seeds, it did not raise the zero-shot figures); with
    /// <see cref="Zsl.ZslSentenceGeneratorOptions.LinearHidden"/> c keeps more of it, and the pair is the
    /// <c>Synthetic</c> preset's choice (docs/quality.md, "A linear ZSL generator on a pooled sentence"). Not the
    /// reference's: its exports warn.</summary>
    MeanOfWords = 1,
}
