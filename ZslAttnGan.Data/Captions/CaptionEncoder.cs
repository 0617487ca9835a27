using ZslAttnGan.Text;

namespace ZslAttnGan.Data.Captions;

/// <summary>
/// Reads per-image caption files and encodes them, keeping each image's captions in its own list: a file with too few
/// usable captions only gives that image fewer captions (the reference's flat list would shift every later image's
/// captions) and is reported. Captions left out (empty, or without a known word) are reported, and the "fewer captions"
/// check counts what is left after them.
/// </summary>
internal static class CaptionEncoder
{
    /// <summary>Reads <paramref name="path"/>; null when it does not exist.</summary>
    public static IReadOnlyList<IReadOnlyList<string>>? ReadTokens(string path, int captionsPerImage, bool replicateEmptyCaptionBug) =>
        File.Exists(path) ? Tokenizer.ReadCaptionFile(path, captionsPerImage, replicateEmptyCaptionBug) : null;

    /// <summary>Encodes one image's tokenised captions; returns the non-empty ones and adds issues.</summary>
    public static List<long[]> Encode(IReadOnlyList<IReadOnlyList<string>> captions, Vocabulary vocabulary, int captionsPerImage,
        string file, string key, List<DataIssue> issues, HashSet<string>? unknownWords = null)
    {
        var result = new List<long[]>(captions.Count);
        for (int i = 0; i < captions.Count; i++)
        {
            var encoded = vocabulary.Encode(captions[i]);
            if (unknownWords is not null) foreach (var w in encoded.UnknownWords) unknownWords.Add(w);
            if (captions[i].Count == 0)
                issues.Add(new DataIssue(DataIssueKind.EmptyCaption, file,
                    $"caption {i + 1} has no ASCII word; left out (it was counted toward the {captionsPerImage} captions, as AttnGAN's code counts it)", key));
            else if (encoded.Length == 0)
                issues.Add(new DataIssue(DataIssueKind.CaptionWithoutKnownWord, file, $"caption {i + 1} has no known word; left out", key));
            else
                result.Add(encoded.Ids.ToArray());
        }
        ReportFewer(result.Count, captionsPerImage, file, key, issues);
        return result;
    }

    /// <summary>Keeps an image's pre-encoded captions (<c>captions.pickle</c>) that are not empty and adds issues.</summary>
    public static List<long[]> KeepNonEmpty(IEnumerable<long[]> captions, int captionsPerImage, string file, string key, List<DataIssue> issues)
    {
        var result = new List<long[]>(captionsPerImage);
        int i = 0;
        foreach (var c in captions)
        {
            i++;
            if (c.Length == 0) issues.Add(new DataIssue(DataIssueKind.EmptyCaption, file, $"caption {i} of '{key}' is empty; left out", key));
            else result.Add(c);
        }
        ReportFewer(result.Count, captionsPerImage, file, key, issues);
        return result;
    }

    // No caption at all is the NoUsableCaption case, reported (or thrown) by the loader.
    private static void ReportFewer(int usable, int captionsPerImage, string file, string key, List<DataIssue> issues)
    {
        if (usable > 0 && usable < captionsPerImage)
            issues.Add(new DataIssue(DataIssueKind.FewerCaptions, file,
                $"has {usable} usable captions, expected {captionsPerImage}; this image samples from its own {usable} (never shifted to other images)", key));
    }
}
