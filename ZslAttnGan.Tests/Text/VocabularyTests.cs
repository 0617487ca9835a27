using ZslAttnGan.Text;

namespace ZslAttnGan.Tests.Text;

public class VocabularyTests
{
    private static readonly IReadOnlyList<string>[] Captions =
    {
        new[] { "a", "red", "bird" },
        new[] { "a", "blue", "bird", "rare" },
    };

    [Fact]
    public void Build_InsertionOrder_EndIsZero()
    {
        var v = Vocabulary.Build(Captions);
        Assert.Equal(new[] { "<end>", "a", "red", "bird", "blue", "rare" }, v.Words);
        Assert.True(v.TryGetId("bird", out var id));
        Assert.Equal(3, id);
    }

    [Fact]
    public void Build_MinCount_DropsRareWordsKeepsOrder()
    {
        var v = Vocabulary.Build(Captions, minCount: 2);
        Assert.Equal(new[] { "<end>", "a", "bird" }, v.Words);
    }

    [Fact]
    public void Encode_UnknownWords_DroppedAndReported_OrRejected()
    {
        var v = Vocabulary.Build(Captions);
        var e = v.EncodeText("A GREEN bird, red!");
        Assert.Equal(new long[] { 1, 3, 2 }, e.Ids);
        Assert.Equal(new[] { "green" }, e.UnknownWords);
        Assert.False(e.IsComplete);
        var ex = Assert.Throws<KeyNotFoundException>(() => v.EncodeText("a green bird", UnknownWordPolicy.Reject));
        Assert.Contains("green", ex.Message);
        Assert.Equal("a bird red", v.Decode(new long[] { 1, 3, 2, 0, 4 }));
    }

    [Fact]
    public void SaveLoad_RoundTrip_HashStable()
    {
        var v = Vocabulary.Build(Captions);
        var path = Path.Combine(Path.GetTempPath(), $"vocab-{Guid.NewGuid():N}.json");
        try
        {
            v.Save(path);
            var loaded = Vocabulary.Load(path);
            Assert.Equal(v.Words, loaded.Words);
            Assert.Equal(v.ContentHash, loaded.ContentHash);
            Assert.Equal(64, v.ContentHash.Length);
            Assert.NotEqual(v.ContentHash, Vocabulary.FromWords(new[] { "<end>", "a", "bird", "red", "blue", "rare" }).ContentHash);

            File.WriteAllText(path, File.ReadAllText(path).Replace("\"rare\"", "\"rarer\""));
            var ex = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path));
            Assert.Contains(path, ex.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void FromWords_RejectsBadLists()
    {
        Assert.Throws<ArgumentException>(() => Vocabulary.FromWords(new[] { "a", "<end>" }));
        Assert.Throws<ArgumentException>(() => Vocabulary.FromWords(new[] { "<end>", "a", "a" }));
    }
}
