using ZslAttnGan.Text;

namespace ZslAttnGan.Tests.Text;

public class TokenizerTests
{
    [Fact]
    public void SplitLines_UniversalNewlines()
    {
        Assert.Equal(new[] { "a", "b", "c", "", "d", "" }, Tokenizer.SplitLines("a\r\nb\rc\n\nd\n"));
        Assert.Equal(new[] { "x\u2028y" }, Tokenizer.SplitLines("x\u2028y"));
        Assert.Equal(new[] { "", "", "" }, Tokenizer.SplitLines("\r\r\n\n").Take(3));
    }

    [Fact]
    public void SupplementaryPlaneLettersJoinRunsAndEmojiSplit()
    {
        // U+1D400 MATHEMATICAL BOLD CAPITAL A is a letter (joins), U+1F426 BIRD is a symbol (separates).
        Assert.Equal(new[] { "ab", "c" }, Tokenizer.Tokenize("a\U0001D400b\U0001F426c"));
    }

    [Fact]
    public void KeepsAtMostCaptionsPerImage()
    {
        var text = string.Join("\n", Enumerable.Range(0, 12).Select(i => $"word{i}"));
        var caps = Tokenizer.TokenizeCaptionFile(text, 5);
        Assert.Equal(5, caps.Count);
        Assert.Equal("word4", caps[4][0]);
    }

    [Fact]
    public void ReadCaptionFile_InvalidUtf8_NamesFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[] { 0x61, 0xFF, 0x62 });
            var e = Assert.Throws<InvalidDataException>(() => Tokenizer.ReadCaptionFile(path));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void NonAsciiOnlyLine_TokenisesToAnEmptyList_BlankAndSymbolLinesToNull()
    {
        Assert.Empty(Tokenizer.TokenizeCaptionLine("日本語")!);
        Assert.Null(Tokenizer.TokenizeCaptionLine("  !! "));
        Assert.Null(Tokenizer.TokenizeCaptionLine(""));
    }

    /// <summary>attngan.md §6.3: the ASCII filter applies per token; a line left without tokens is skipped like a blank
    /// line (the next line is read) unless AttnGAN's code is replicated, which keeps it as an empty caption.</summary>
    [Fact]
    public void Tokenizer_AsciiFilterPerToken_AndTheTwoLineModes()
    {
        Assert.Equal(new[] { "bird", "red", "wing" }, Tokenizer.TokenizeCaptionLine("鳥bird 日本 red-wing")!);
        Assert.False(Tokenizer.IsCaption(Tokenizer.TokenizeCaptionLine("日本語の鳥 — ー")));
        Assert.True(Tokenizer.IsCaption(Tokenizer.TokenizeCaptionLine("日本語の鳥 — ー"), replicateEmptyCaptionBug: true));
        Assert.False(Tokenizer.IsCaption(Tokenizer.TokenizeCaptionLine(" — "), replicateEmptyCaptionBug: true));

        const string text = "日本語 -\na bird\nsecond bird\n";
        Assert.Equal(new[] { "a", "bird" }, Assert.Single(Tokenizer.TokenizeCaptionFile(text, 1)));
        var literal = Tokenizer.TokenizeCaptionFile(text, 1, replicateEmptyCaptionBug: true);
        Assert.Empty(Assert.Single(literal));
        Assert.Equal(2, Tokenizer.TokenizeCaptionFile(text, 2).Count);
        Assert.Equal(new[] { "a", "bird" }, Tokenizer.TokenizeCaptionFile(text, 2, replicateEmptyCaptionBug: true)[1]);
    }
}
