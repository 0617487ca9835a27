using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZslAttnGan.IO;

namespace ZslAttnGan.Text;

/// <summary>
/// Word ↔ id mapping. Id 0 is <c>&lt;end&gt;</c>, the padding word; caption words get 1, 2, … in order of first
/// occurrence (the ZSL-AttnGAN seed's insertion order). AttnGAN's released checkpoints use a hash-ordered vocabulary that
/// cannot be rebuilt: import their <c>captions.pickle</c> instead (ZslAttnGan.Data).
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The padding word at id 0.</summary>
    public const string EndToken = "<end>";

    /// <summary>The id of <see cref="EndToken"/>.</summary>
    public const long EndId = 0;

    private const string FormatName = "ZslAttnGan.Vocabulary";
    private const int FormatVersion = 1;

    private readonly string[] _words;
    private readonly Dictionary<string, long> _ids;
    private string? _hash;

    private Vocabulary(string[] words)
    {
        _words = words;
        _ids = new Dictionary<string, long>(words.Length, StringComparer.Ordinal);
        for (int i = 0; i < words.Length; i++)
        {
            if (!_ids.TryAdd(words[i], i))
                throw new ArgumentException($"Vocabulary word '{words[i]}' appears twice (ids {_ids[words[i]]} and {i}).", nameof(words));
        }
    }

    /// <summary>All words by id (index 0 = <c>&lt;end&gt;</c>).</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>Number of ids including <c>&lt;end&gt;</c> (the reference's <c>n_words</c>, the embedding's row count).</summary>
    public int Count => _words.Length;

    /// <summary>The word with id <paramref name="id"/>.</summary>
    public string this[long id] => id >= 0 && id < _words.Length
        ? _words[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Word id must be in 0..{_words.Length - 1}.");

    /// <summary>Looks a word up.</summary>
    public bool TryGetId(string word, out long id) => _ids.TryGetValue(word, out id);

    /// <summary>True when the vocabulary holds <paramref name="word"/>.</summary>
    public bool Contains(string word) => _ids.ContainsKey(word);

    /// <summary>
    /// SHA-256 (lower-case hex) over the ordered words, each as a 4-byte little-endian UTF-8 length and its bytes.
    /// Checkpoints record it, so a model is never paired with a vocabulary whose ids mean other words.
    /// </summary>
    public string ContentHash => _hash ??= ComputeHash(_words);

    /// <summary>Creates a vocabulary from its words in id order; <paramref name="words"/>[0] must be <c>&lt;end&gt;</c>.</summary>
    public static Vocabulary FromWords(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var array = words.ToArray();
        if (array.Length == 0 || array[0] != EndToken)
            throw new ArgumentException($"The first vocabulary word (id 0) must be '{EndToken}'.", nameof(words));
        for (int i = 0; i < array.Length; i++)
            if (array[i] is null) throw new ArgumentException($"Vocabulary word {i} is null.", nameof(words));
        return new Vocabulary(array);
    }

    /// <summary>
    /// Builds a vocabulary from tokenised captions: words ordered by first occurrence, keeping those that occur at
    /// least <paramref name="minCount"/> times. The reference keeps every word (count ≥ 0), which any
    /// <paramref name="minCount"/> ≤ 1 reproduces.
    /// </summary>
    public static Vocabulary Build(IEnumerable<IReadOnlyList<string>> captions, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(captions);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var caption in captions)
        {
            foreach (var word in caption)
            {
                if (counts.TryGetValue(word, out var n)) counts[word] = n + 1;
                else { counts[word] = 1; order.Add(word); }
            }
        }
        var words = new List<string> { EndToken };
        // A caption token can never be "<end>" (tokens are word characters only), so no collision with id 0.
        words.AddRange(order.Where(w => counts[w] >= minCount && w != EndToken));
        return new Vocabulary(words.ToArray());
    }

    /// <summary>Encodes tokens to ids; unknown words are dropped and reported, or rejected.</summary>
    public EncodedCaption Encode(IReadOnlyList<string> tokens, UnknownWordPolicy policy = UnknownWordPolicy.Drop)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var ids = new List<long>(tokens.Count);
        var kept = new List<string>(tokens.Count);
        var unknown = new List<string>();
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (_ids.TryGetValue(token, out var id) && id != EndId)
            {
                ids.Add(id);
                kept.Add(token);
            }
            else if (policy == UnknownWordPolicy.Reject)
            {
                throw new KeyNotFoundException($"Word '{token}' (token {i}) is not in the vocabulary ({Count} words, hash {ContentHash[..12]}).");
            }
            else
            {
                unknown.Add(token);
            }
        }
        return new EncodedCaption(ids, kept, unknown);
    }

    /// <summary>Tokenises <paramref name="text"/> with <see cref="Tokenizer.Tokenize"/> and encodes it.</summary>
    public EncodedCaption EncodeText(string text, UnknownWordPolicy policy = UnknownWordPolicy.Drop) =>
        Encode(Tokenizer.Tokenize(text), policy);

    /// <summary>Turns ids back into words, stopping at the first <c>&lt;end&gt;</c> (padding).</summary>
    public string Decode(IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var words = new List<string>();
        foreach (var id in ids)
        {
            if (id == EndId) break;
            words.Add(this[id]);
        }
        return string.Join(' ', words);
    }

    /// <summary>Writes the vocabulary as JSON (format name, version, hash, words in id order).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new VocabularyFile(FormatName, FormatVersion, ContentHash, _words);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(file, JsonOptions));
    }

    /// <summary>Reads a vocabulary written by <see cref="Save"/>, checking its format and hash.</summary>
    public static Vocabulary Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Vocabulary file '{path}' does not exist.", path);
        VocabularyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<VocabularyFile>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Vocabulary file '{path}' is not valid JSON: {e.Message}", e);
        }
        if (file is null || file.Format != FormatName || file.Words is null)
            throw new InvalidDataException($"Vocabulary file '{path}' is not a {FormatName} file (expected fields format, version, sha256, words).");
        if (file.Version != FormatVersion)
            throw new InvalidDataException($"Vocabulary file '{path}' has format version {file.Version}; this library reads version {FormatVersion}.");
        Vocabulary vocabulary;
        try
        {
            vocabulary = FromWords(file.Words);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Vocabulary file '{path}': {e.Message}", e);
        }
        if (file.Sha256 is not null && !string.Equals(file.Sha256, vocabulary.ContentHash, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"Vocabulary file '{path}' records hash {file.Sha256} but its words hash to {vocabulary.ContentHash}; the file was edited or damaged.");
        return vocabulary;
    }

    private static string ComputeHash(string[] words)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var word in words)
        {
            var bytes = Encoding.UTF8.GetBytes(word);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            sha.AppendData(length);
            sha.AppendData(bytes);
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Explicit, so apps that disable reflection-based JSON by default can still save and load vocabularies.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private sealed record VocabularyFile(
        [property: JsonPropertyName("format")] string? Format,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("sha256")] string? Sha256,
        [property: JsonPropertyName("words")] string[]? Words);
}
