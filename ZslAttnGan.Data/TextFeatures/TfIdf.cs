using ZslAttnGan.Text;
using static TorchSharp.torch;

namespace ZslAttnGan.TextFeatures;

/// <summary>
/// TF-IDF class text features, the side information of ZSL-GAN (GAZSL): one document per class (its description, or
/// all of its captions joined), one feature per word. Words come from <see cref="Tokenizer.Tokenize"/> (lower case,
/// runs of letters and digits; no stemming: the original features were Porter-stemmed Wikipedia articles, but the
/// captions this library reads are short and stemming would merge attribute words such as "wing"/"wings" that a
/// caption-trained model keeps apart anyway — pass stemmed text if you want it).
/// </summary>
public sealed class TfIdf
{
    private readonly Dictionary<string, int> _index;

    private TfIdf(IReadOnlyList<string> words, double[] idf, TfIdfOptions options)
    {
        Words = words;
        Idf = idf;
        Options = options;
        _index = words.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>The feature words, in feature order (sorted ordinally, so the same documents give the same order).</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The inverse document frequency of each feature word.</summary>
    public IReadOnlyList<double> Idf { get; }

    /// <summary>The options it was fitted with.</summary>
    public TfIdfOptions Options { get; }

    /// <summary>Feature count (the text dimension of the GAZSL generator).</summary>
    public int Dimension => Words.Count;

    /// <summary>Learns the words and their idf from <paramref name="documents"/> (one per class).</summary>
    /// <exception cref="ArgumentException">No document, a null one, or no word left after the options' filters.</exception>
    public static TfIdf Fit(IReadOnlyList<string> documents, TfIdfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        options ??= new TfIdfOptions();
        options.Validate();
        if (documents.Count == 0) throw new ArgumentException("Give at least one document.", nameof(documents));
        var counts = documents.Select((d, i) => Count(d ?? throw new ArgumentException($"Document {i} is null.", nameof(documents)), options)).ToList();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var document in counts)
            foreach (var (word, count) in document)
            {
                documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
                total[word] = total.GetValueOrDefault(word) + count;
            }
        var kept = documentFrequency.Where(p => p.Value >= options.MinDocumentFrequency).Select(p => p.Key).ToList();
        if (options.MaxFeatures is { } max && kept.Count > max)
            kept = kept.OrderByDescending(w => total[w]).ThenBy(w => w, StringComparer.Ordinal).Take(max).ToList();
        kept.Sort(StringComparer.Ordinal);
        if (kept.Count == 0)
            throw new ArgumentException($"No word occurs in at least {options.MinDocumentFrequency} of the {documents.Count} documents (after stop words).", nameof(documents));
        int n = documents.Count;
        var idf = kept.Select(w => Math.Log((1.0 + n) / (1.0 + documentFrequency[w])) + 1.0).ToArray();
        return new TfIdf(kept, idf, options);
    }

    /// <summary>The feature vectors [documents, <see cref="Dimension"/>] (float32, CPU) of <paramref name="documents"/>;
    /// words outside the fitted vocabulary are ignored, and a document without any known word gives a zero row.</summary>
    public Tensor Transform(IReadOnlyList<string> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var values = new float[(long)documents.Count * Dimension];
        for (int d = 0; d < documents.Count; d++)
        {
            var row = new double[Dimension];
            foreach (var (word, count) in Count(documents[d] ?? throw new ArgumentException($"Document {d} is null.", nameof(documents)), Options))
            {
                if (!_index.TryGetValue(word, out int j)) continue;
                double tf = Options.SublinearTf ? 1 + Math.Log(count) : count;
                row[j] = tf * Idf[j];
            }
            double norm = Options.Normalize ? Math.Sqrt(row.Sum(v => v * v)) : 1;
            if (norm == 0) norm = 1;
            for (int j = 0; j < Dimension; j++) values[(long)d * Dimension + j] = (float)(row[j] / norm);
        }
        return tensor(values, new long[] { documents.Count, Dimension });
    }

    private static Dictionary<string, int> Count(string document, TfIdfOptions options)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in Tokenizer.Tokenize(document))
            if (!options.StopWords.Contains(word)) counts[word] = counts.GetValueOrDefault(word) + 1;
        return counts;
    }
}
