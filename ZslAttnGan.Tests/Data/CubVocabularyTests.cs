using ZslAttnGan.Data.Cub;
using ZslAttnGan.Tests.Interop;

namespace ZslAttnGan.Tests.Data;

/// <summary>
/// The vocabulary of a CUB folder without <c>captions.pickle</c> is the one the ZSL-AttnGAN code rebuilds on every run
/// (datasets.py: every file of <c>images.txt</c> in order, its first CAPTIONS_PER_IMAGE captions that keep a token, words
/// numbered by first occurrence in a Python 3 dict after <c>&lt;end&gt;</c>), so its weights import with the right ids.
/// </summary>
public class CubVocabularyTests
{
    private static string WriteFolder(TempFolder tmp)
    {
        var root = TinyCub.Write(tmp.Path);
        const int n = TinyCub.Classes * TinyCub.ImagesPerClass;
        var filler = Enumerable.Repeat("a bird", 10);
        for (int i = 0; i < n; i++)
        {
            IEnumerable<string> lines = i switch
            {
                // Empty and token-less lines do not count; é is dropped by the ASCII step; the U+FFFD pair is a space;
                // the eleventh counted caption is past CAPTIONS_PER_IMAGE, so its word never enters the vocabulary.
                0 => new[] { "", "Zebra-like BIRD, café!", "\uFFFD\uFFFDyellow wings", "!!!" }.Concat(Enumerable.Repeat("a bird", 8)).Append("onlyeleventh"),
                1 => new[] { "Test-split words: zz" }.Concat(Enumerable.Repeat("a bird", 9)),
                _ => filler,
            };
            File.WriteAllLines(Path.Combine(root, "text", TinyCub.Key(i) + ".txt"), lines);
        }
        return root;
    }

    [Fact]
    public void WithoutCaptionsPickleTheVocabularyIsTheSeedsFirstOccurrenceOrder()
    {
        using var tmp = new TempFolder();
        var root = WriteFolder(tmp);
        var vocabulary = CubDataset.LoadVocabulary(new CubOptions { Root = root });
        Assert.Equal(new[] { "<end>", "zebra", "like", "bird", "caf", "yellow", "wings", "a", "test", "split", "words", "zz" }, vocabulary.Words);
        // The dataset itself encodes with the same ids.
        Assert.Equal(vocabulary.Words, CubDataset.Load(new CubOptions { Root = root }).Vocabulary.Words);
    }

    [Fact]
    public void WithCaptionsPickleItsVocabularyWins()
    {
        using var tmp = new TempFolder();
        var root = WriteFolder(tmp);
        var words = ReferenceLayout.WriteCaptionsPickle(Path.Combine(root, "captions.pickle"), 9);
        Assert.Equal(words, CubDataset.LoadVocabulary(new CubOptions { Root = root }).Words);
    }

    [Fact]
    public void AFolderThatIsNotCubSaysWhatItExpects()
    {
        using var tmp = new TempFolder();
        var e = Assert.ThrowsAny<IOException>(() => CubDataset.LoadVocabulary(new CubOptions { Root = tmp.Path }));
        Assert.Contains("CUB_200_2011", e.Message);
    }
}
