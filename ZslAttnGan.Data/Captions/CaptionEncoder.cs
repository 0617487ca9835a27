using ZslAttnGan.Text;

namespace ZslAttnGan.Data.Captions;

/// <summary>
/// Reads per-image caption files and encodes them, keeping each image's captions in its own list: a file with too few
/// lines only gives that image fewer captions (the reference's flat list would shift every later image's captions)
/// and is reported; captions without any ASCII word are left out and reported.
/// </summary>
internal static class CaptionEncoder
{
    /// <summary>Reads <paramref name="path"/>; null when it does not exist.</summary>
    public static IReadOnlyList<IReadOnlyList<string>>? ReadTokens(string path, int captionsPerImage) =>
        File.Exists(path) ? Tokenizer.ReadCaptionFile(path, captionsPerImage) : null;

    /// <summary>Encodes one image's tokenised captions; returns the non-empty ones and adds issues.</summary>
    public static List<long[]> Encode(IReadOnlyList<IReadOnlyList<string>> captions, Vocabulary vocabulary, int captionsPerImage,
        string file, List<DataIssue> issues, HashSet<string>? unknownWords = null)
    {
        if (captions.Count < captionsPerImage)
            issues.Add(new DataIssue(file, null,
                $"has {captions.Count} usable captions, expected {captionsPerImage}; this image samples from its own {captions.Count} (never shifted to other images)"));
        var result = new List<long[]>(captions.Count);
        for (int i = 0; i < captions.Count; i++)
        {
            var encoded = vocabulary.Encode(captions[i]);
            if (unknownWords is not null) foreach (var w in encoded.UnknownWords) unknownWords.Add(w);
            if (encoded.Length == 0)
            {
                issues.Add(new DataIssue(file, null, $"caption {i + 1} has no {(captions[i].Count == 0 ? "ASCII" : "known")} word; left out"));
                continue;
            }
            result.Add(encoded.Ids.ToArray());
        }
        return result;
    }
}
