using System.Text.Json;
using ZslAttnGan.Tests.Parity;
using ZslAttnGan.Text;

namespace ZslAttnGan.Tests.Text;

/// <summary>Parity runner for <c>tokenizer.json</c>: every line's kept flag and tokens, every file's captions and the
/// vocabulary (words and per-caption ids) must match exactly. The fixture was made by AttnGAN's own loader, which keeps a
/// line without ASCII words as an empty caption, so the runner uses that mode (<c>replicateEmptyCaptionBug</c>).</summary>
public static class TokenizerParity
{
    [ParityRunner("tokenizer")]
    public static void Run(ParityCase c)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(c.File));
        var root = doc.RootElement;

        var keptCaptions = new List<IReadOnlyList<string>>();
        int lineCount = 0;
        foreach (var line in root.GetProperty("lines").EnumerateArray())
        {
            lineCount++;
            var id = line.GetProperty("id").GetInt32();
            var raw = line.GetProperty("raw").GetString()!;
            var kept = line.GetProperty("kept").GetBoolean();
            var actual = Tokenizer.TokenizeCaptionLine(raw);
            Assert.True(kept == Tokenizer.IsCaption(actual, replicateEmptyCaptionBug: true), $"line {id}: kept should be {kept}");
            // The skip reason only explains 'kept'; check the two reasons are the ones we reproduce.
            var reason = line.GetProperty("skip_reason");
            if (!kept) Assert.True(reason.ValueKind == JsonValueKind.String, $"line {id}: skip_reason missing");
            else Assert.Equal(JsonValueKind.Null, reason.ValueKind);

            Assert.Equal(Strings(line.GetProperty("regex_tokens")), Tokenizer.WordRuns(raw));
            var tokens = line.GetProperty("tokens");
            if (kept)
            {
                Assert.Equal(Strings(tokens), actual!);
                keptCaptions.Add(actual!);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, tokens.ValueKind);
            }
        }
        Assert.True(lineCount > 0, $"{c.File} lists no line.");
        Assert.Equal(root.GetProperty("lines").GetArrayLength(), lineCount);

        int fileCount = 0;
        foreach (var file in root.GetProperty("files").EnumerateArray())
        {
            fileCount++;
            var name = file.GetProperty("name").GetString();
            var perImage = file.GetProperty("captions_per_image").GetInt32();
            var expected = file.GetProperty("captions").EnumerateArray().Select(Strings).ToList();
            // Through a real file too, so reading (UTF-8, no newline translation by .NET) is covered.
            var path = Path.Combine(Path.GetTempPath(), $"zsl-tok-{Guid.NewGuid():N}.txt");
            try
            {
                File.WriteAllText(path, file.GetProperty("content").GetString()!, new System.Text.UTF8Encoding(false));
                foreach (var actual in new[]
                         {
                             Tokenizer.TokenizeCaptionFile(file.GetProperty("content").GetString()!, perImage, replicateEmptyCaptionBug: true),
                             Tokenizer.ReadCaptionFile(path, perImage, replicateEmptyCaptionBug: true),
                         })
                {
                    Assert.True(expected.Count == actual.Count, $"file {name}: {actual.Count} captions, expected {expected.Count}");
                    for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
                }
            }
            finally
            {
                File.Delete(path);
            }
        }
        Assert.True(fileCount > 0, $"{c.File} lists no file.");
        Assert.Equal(root.GetProperty("files").GetArrayLength(), fileCount);

        var vocabJson = root.GetProperty("vocabulary");
        var vocabulary = Vocabulary.Build(keptCaptions);
        var expectedWords = Strings(vocabJson.GetProperty("ixtoword"));
        Assert.Equal(expectedWords, vocabulary.Words);
        Assert.Equal(vocabJson.GetProperty("n_words").GetInt32(), vocabulary.Count);
        var expectedIds = vocabJson.GetProperty("caption_ids").EnumerateArray()
            .Select(a => a.EnumerateArray().Select(e => e.GetInt64()).ToList()).ToList();
        Assert.Equal(keptCaptions.Count, expectedIds.Count);
        for (int i = 0; i < expectedIds.Count; i++)
        {
            var encoded = vocabulary.Encode(keptCaptions[i], UnknownWordPolicy.Reject);
            Assert.Equal(expectedIds[i], encoded.Ids);
        }
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
