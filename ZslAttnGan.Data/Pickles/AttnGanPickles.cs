using System.Collections;
using ZslAttnGan.Text;

namespace ZslAttnGan.Data.Pickles;

/// <summary>
/// Readers for AttnGAN's preprocessed metadata: <c>filenames.pickle</c> (a list of keys), <c>class_info.pickle</c>
/// (class labels aligned with the keys, possibly a numpy array) and <c>captions.pickle</c>
/// ([train_captions, test_captions, ixtoword, wordtoix]). Python-2 pickles are read with Latin-1 strings (what
/// Python 3's <c>encoding='latin1'</c> does). Every error names the file and what shape was expected.
/// </summary>
public static class AttnGanPickles
{
    /// <summary>Reads <c>filenames.pickle</c>: a list of string keys such as "002.Laysan_Albatross/Laysan_Albatross_0002_1027".</summary>
    public static IReadOnlyList<string> ReadFilenames(string path)
    {
        var root = Load(path);
        var list = AsList(root, path, "a list of image keys (str)");
        var keys = new List<string>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            keys.Add(list[i] switch
            {
                string s => s,
                byte[] b => System.Text.Encoding.Latin1.GetString(b),
                var other => throw Shape(path, "a list of image keys (str)", $"item {i} is {Describe(other)}"),
            });
        }
        return keys;
    }

    /// <summary>Reads <c>class_info.pickle</c>: integer class labels (a list, tuple or 1-D numpy array).</summary>
    public static IReadOnlyList<int> ReadClassInfo(string path)
    {
        var root = Load(path);
        const string expected = "a list or 1-D numpy array of integer class labels";
        if (root is NumpyArray array)
        {
            if (array.Shape.Length != 1) throw Shape(path, expected, $"a numpy array of shape [{string.Join(", ", array.Shape)}]");
            return array.Values.Select(v => checked((int)v)).ToList();
        }
        var list = AsList(root, path, expected);
        var labels = new List<int>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            labels.Add(list[i] is int or long or short or byte
                ? checked((int)Convert.ToInt64(list[i]))
                : throw Shape(path, expected, $"item {i} is {Describe(list[i])}"));
        }
        return labels;
    }

    /// <summary>Reads <c>captions.pickle</c>. Id 0 of <c>ixtoword</c> must be <c>&lt;end&gt;</c> and the ids contiguous;
    /// <c>wordtoix</c> must be its inverse; every caption id must be in range.</summary>
    public static AttnGanCaptions ReadCaptions(string path)
    {
        var root = Load(path);
        const string expected = "a list [train_captions, test_captions, ixtoword, wordtoix]";
        var parts = AsList(root, path, expected);
        if (parts.Count != 4) throw Shape(path, expected, $"a list of {parts.Count} items");
        if (parts[2] is not IDictionary ixtoword) throw Shape(path, expected, $"ixtoword is {Describe(parts[2])}");
        if (parts[3] is not IDictionary wordtoix) throw Shape(path, expected, $"wordtoix is {Describe(parts[3])}");

        var words = new string[ixtoword.Count];
        foreach (DictionaryEntry e in ixtoword)
        {
            if (e.Key is not (int or long) || e.Value is not (string or byte[]))
                throw Shape(path, "ixtoword: a dict int -> str", $"entry {Describe(e.Key)} -> {Describe(e.Value)}");
            long id = Convert.ToInt64(e.Key);
            if (id < 0 || id >= words.Length)
                throw Shape(path, $"ixtoword ids 0..{words.Length - 1}", $"id {id}");
            words[id] = AsString(e.Value!);
        }
        Vocabulary vocabulary;
        try { vocabulary = Vocabulary.FromWords(words); }
        catch (ArgumentException ex) { throw new InvalidDataException($"'{path}': ixtoword is not a valid vocabulary: {ex.Message}", ex); }
        if (wordtoix.Count != words.Length)
            throw Shape(path, "wordtoix: the inverse of ixtoword", $"{wordtoix.Count} entries for {words.Length} words");
        foreach (DictionaryEntry e in wordtoix)
        {
            var word = e.Key is string or byte[] ? AsString(e.Key) : null;
            if (word is null || e.Value is not (int or long) || !vocabulary.TryGetId(word, out var id) || id != Convert.ToInt64(e.Value))
                throw Shape(path, "wordtoix: the inverse of ixtoword", $"entry {Describe(e.Key)} -> {Describe(e.Value)}");
        }
        return new AttnGanCaptions(Captions(parts[0], path, "train_captions", words.Length),
                                   Captions(parts[1], path, "test_captions", words.Length), vocabulary);
    }

    private static List<long[]> Captions(object? value, string path, string name, int nWords)
    {
        var list = AsList(value, path, $"{name}: a list of lists of word ids");
        var captions = new List<long[]>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            long[] ids = list[i] switch
            {
                NumpyArray a => a.Values,
                IList l when l is not byte[] => l.Cast<object>().Select(x => x is int or long ? Convert.ToInt64(x)
                    : throw Shape(path, $"{name}: lists of int word ids", $"caption {i} holds {Describe(x)}")).ToArray(),
                var other => throw Shape(path, $"{name}: a list of lists of word ids", $"caption {i} is {Describe(other)}"),
            };
            foreach (var id in ids)
                if (id <= 0 || id >= nWords)
                    throw Shape(path, $"{name}: word ids in 1..{nWords - 1}", $"caption {i} holds id {id}");
            captions.Add(ids);
        }
        return captions;
    }

    private static object? Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Pickle file '{path}' does not exist.", path);
        try
        {
            using var unpickler = NumpyPickleSupport.CreateUnpickler();
            using var stream = File.OpenRead(path);
            return unpickler.load(stream);
        }
        catch (Exception e) when (e is not InvalidDataException and not IOException)
        {
            throw new InvalidDataException($"'{path}' is not a readable pickle: {e.Message}", e);
        }
    }

    private static IList AsList(object? value, string path, string expected) =>
        value is IList list and not byte[] ? list
        : throw Shape(path, expected, Describe(value));

    private static string AsString(object value) => value is byte[] b ? System.Text.Encoding.Latin1.GetString(b) : (string)value;

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"the str '{(s.Length > 40 ? s[..40] + "…" : s)}'",
        IDictionary d => $"a dict of {d.Count} entries",
        IList l => $"a list of {l.Count} items",
        _ => $"a {value.GetType().Name}",
    };

    private static InvalidDataException Shape(string path, string expected, string actual) =>
        new($"'{path}' has the wrong shape: expected {expected}, found {actual}.");
}
