namespace ZslAttnGan.Text;

/// <summary>What <see cref="Vocabulary.Encode(IReadOnlyList{string}, UnknownWordPolicy)"/> does with a word the
/// vocabulary does not hold.</summary>
public enum UnknownWordPolicy
{
    /// <summary>Drop the word and list it in <see cref="EncodedCaption.UnknownWords"/> (the reference behaviour of
    /// AttnGAN's <c>gen_example</c>).</summary>
    Drop,

    /// <summary>Throw a <see cref="KeyNotFoundException"/> naming the word.</summary>
    Reject,
}
