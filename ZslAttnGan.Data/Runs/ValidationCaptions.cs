using ZslAttnGan.Text;

namespace ZslAttnGan.Runs;

/// <summary>
/// Captions of the user's choice that a GAN or joint run draws at every preview and at the end (diffusers' training
/// scripts call them validation prompts): the way to watch a run on descriptions it never trained on, such as an
/// unseen species. They are encoded once, against the run's vocabulary, before the first step, so a caption the
/// model cannot read stops the run at once rather than at its first preview.
/// </summary>
public sealed class ValidationCaptions
{
    private ValidationCaptions(IReadOnlyList<string> texts, IReadOnlyList<EncodedCaption> encoded)
    {
        Texts = texts;
        Encoded = encoded;
    }

    /// <summary>The captions as given.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>Each caption's known words (unknown ones are dropped, as generation does).</summary>
    public IReadOnlyList<EncodedCaption> Encoded { get; }

    /// <summary>How many captions there are.</summary>
    public int Count => Texts.Count;

    /// <summary>One message per caption that lost words the vocabulary does not hold (empty when none did).</summary>
    public IReadOnlyList<string> Warnings =>
        Encoded.Select((e, i) => (e, i)).Where(p => p.e.UnknownWords.Count > 0)
            .Select(p => $"Validation caption {p.i + 1} (\"{Texts[p.i]}\"): unknown words dropped: {string.Join(", ", p.e.UnknownWords)}.")
            .ToList();

    /// <summary>Encodes <paramref name="captions"/> with the run's vocabulary.</summary>
    /// <param name="captions">At least one caption.</param>
    /// <param name="vocabulary">The vocabulary of the model being trained.</param>
    /// <exception cref="ArgumentException">No caption, a blank one, or one without a single known word (the message
    /// names it and its unknown words).</exception>
    public static ValidationCaptions Create(IReadOnlyList<string> captions, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(captions);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (captions.Count == 0) throw new ArgumentException("Give at least one validation caption.", nameof(captions));
        var encoded = new List<EncodedCaption>(captions.Count);
        for (int i = 0; i < captions.Count; i++)
        {
            var text = captions[i];
            if (string.IsNullOrWhiteSpace(text))
                throw new ArgumentException($"Validation caption {i + 1} is empty.", nameof(captions));
            var e = vocabulary.EncodeText(text);
            if (e.Length == 0)
                throw new ArgumentException($"Validation caption {i + 1} (\"{text}\") has no word the model knows" +
                    (e.UnknownWords.Count > 0 ? $" (unknown: {string.Join(", ", e.UnknownWords)})." : "."), nameof(captions));
            encoded.Add(e);
        }
        return new ValidationCaptions(captions.ToList(), encoded);
    }

    /// <summary>Reads captions from a text file: one per line; blank lines and lines starting with <c>#</c> are skipped.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (the message names it).</exception>
    /// <exception cref="ArgumentException">The file holds no caption (the message names it).</exception>
    public static IReadOnlyList<string> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Validation captions file '{path}' does not exist.", path);
        var captions = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (captions.Count == 0)
            throw new ArgumentException($"Validation captions file '{path}' holds no caption (one per line; '#' starts a comment line).", nameof(path));
        return captions;
    }
}
