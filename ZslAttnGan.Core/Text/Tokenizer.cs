using System.Globalization;
using System.Text;

namespace ZslAttnGan.Text;

/// <summary>
/// The reference caption tokeniser (AttnGAN / ZSL-AttnGAN <c>load_captions</c>): replace each U+FFFD U+FFFD pair by a
/// space, lower-case with Python's <c>str.lower()</c>, take every maximal run of Python-3 <c>\w</c> characters, then
/// drop the non-ASCII characters inside each run and the runs that become empty.
/// </summary>
/// <remarks>
/// Python's <c>\w</c> on <c>str</c> is "alphanumeric or underscore", where alphanumeric means a letter (Lu, Ll, Lt,
/// Lm, Lo) or any character with a numeric value (Nd, Nl, No). Combining marks, format characters (BOM, ZWJ), symbols
/// and emoji are separators. Non-ASCII word characters are removed only after the runs are found, so "naïve" becomes
/// one token "nave" rather than two. Characters assigned after Unicode 14 (Python 3.11's tables) may be classified
/// differently; none occur in the CUB or COCO captions.
/// </remarks>
public static class Tokenizer
{
    /// <summary>The reference keeps at most this many captions per caption file (TEXT.CAPTIONS_PER_IMAGE for CUB).</summary>
    public const int DefaultCaptionsPerImage = 10;

    /// <summary>
    /// Tokenises one caption line. Returns null when the line is empty or has no word-character run (skipped in every
    /// mode); returns an empty list when it has runs but none keeps an ASCII character (a line such as "日本語 -"), which
    /// <see cref="TokenizeCaptionFile"/> skips like a blank line unless told to replicate AttnGAN's code, which keeps it
    /// as an empty caption (see <see cref="IsCaption"/>).
    /// </summary>
    /// <param name="line">One line without its newline.</param>
    public static IReadOnlyList<string>? TokenizeCaptionLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length == 0) return null;
        var runs = WordRuns(line);
        if (runs.Count == 0) return null;
        var tokens = new List<string>(runs.Count);
        foreach (var run in runs)
        {
            var ascii = AsciiOnly(run);
            if (ascii.Length > 0) tokens.Add(ascii);
        }
        return tokens;
    }

    /// <summary>
    /// Whether a line tokenised by <see cref="TokenizeCaptionLine"/> becomes a caption of its file (and counts toward
    /// the captions per image). By default only a line with at least one token does: attngan.md §6.3 applies the ASCII
    /// filter per token and skips a line left without tokens like a blank one, so the file's next line is read.
    /// </summary>
    /// <param name="tokens">The line's tokens (null: no word-character run).</param>
    /// <param name="replicateEmptyCaptionBug">True reproduces AttnGAN's <c>load_captions</c> code, which tests for
    /// tokens before the ASCII filter: a line whose runs all become empty (CJK text only) is kept as an empty caption and
    /// counted, so it displaces a later line of the file. Needed only to match captions.pickle files built that way.</param>
    public static bool IsCaption(IReadOnlyList<string>? tokens, bool replicateEmptyCaptionBug = false) =>
        tokens is not null && (tokens.Count > 0 || replicateEmptyCaptionBug);

    /// <summary>Tokenises free text (for example a caption typed at inference time): the same rules, never null.</summary>
    public static IReadOnlyList<string> Tokenize(string text) => TokenizeCaptionLine(text) ?? Array.Empty<string>();

    /// <summary>
    /// The word-character runs after the U+FFFD pair replacement and lower-casing, before the ASCII filter (the fixture's
    /// <c>regex_tokens</c>; useful for diagnostics).
    /// </summary>
    public static IReadOnlyList<string> WordRuns(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var lowered = PythonLower(line.Replace("\uFFFD\uFFFD", " ", StringComparison.Ordinal));
        var runs = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in lowered.EnumerateRunes())
        {
            if (IsPythonWordCharacter(rune))
            {
                current.Append(rune.ToString());
            }
            else if (current.Length > 0)
            {
                runs.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) runs.Add(current.ToString());
        return runs;
    }

    /// <summary>
    /// Splits file text into lines as Python's text mode with universal newlines followed by <c>split("\n")</c> does:
    /// "\r\n", a lone "\r" and "\n" end a line; U+2028 and other Unicode separators do not. A trailing newline gives a
    /// final empty line, which the loader then skips.
    /// </summary>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (ch != '\n' && ch != '\r') continue;
            lines.Add(text[start..i]);
            if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        lines.Add(text[start..]);
        return lines;
    }

    /// <summary>
    /// Tokenises the content of one caption file: lines as <see cref="SplitLines"/>, each line as
    /// <see cref="TokenizeCaptionLine"/>, lines that are no caption (<see cref="IsCaption"/>) skipped, and at most
    /// <paramref name="captionsPerImage"/> captions kept, in file order.
    /// </summary>
    /// <param name="content">The decoded file text.</param>
    /// <param name="captionsPerImage">How many captions to keep at most (10 for CUB, 5 for COCO).</param>
    /// <param name="replicateEmptyCaptionBug">Keep a line without ASCII words as an empty caption counted toward
    /// <paramref name="captionsPerImage"/>, as AttnGAN's code does (see <see cref="IsCaption"/>); by default it is skipped
    /// and the next line is read, so the result never holds an empty caption.</param>
    public static IReadOnlyList<IReadOnlyList<string>> TokenizeCaptionFile(string content, int captionsPerImage = DefaultCaptionsPerImage,
        bool replicateEmptyCaptionBug = false)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(captionsPerImage);
        var captions = new List<IReadOnlyList<string>>();
        foreach (var line in SplitLines(content))
        {
            var tokens = TokenizeCaptionLine(line);
            if (!IsCaption(tokens, replicateEmptyCaptionBug)) continue;
            captions.Add(tokens!);
            if (captions.Count == captionsPerImage) break;
        }
        return captions;
    }

    /// <summary>
    /// Reads and tokenises a caption file. The file must be valid UTF-8 (the reference opens it with encoding utf8 and
    /// fails otherwise); the error names the file. Lines become captions as in <see cref="TokenizeCaptionFile"/>.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> ReadCaptionFile(string path, int captionsPerImage = DefaultCaptionsPerImage,
        bool replicateEmptyCaptionBug = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        string content;
        try
        {
            // Strict decoding: a file in another encoding would otherwise turn into silently different tokens.
            content = File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"Caption file '{path}' is not valid UTF-8: {e.Message}", e);
        }
        return TokenizeCaptionFile(content, captionsPerImage, replicateEmptyCaptionBug);
    }

    /// <summary>True for the characters Python 3's <c>\w</c> matches in a <c>str</c> pattern.</summary>
    public static bool IsPythonWordCharacter(Rune rune)
    {
        if (rune.Value == '_') return true;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }

    /// <summary>
    /// Python's <c>str.lower()</c> as far as it can change tokens: simple lower-case mapping per code point, plus the
    /// one unconditional multi-character mapping, U+0130 → "i" U+0307 (the combining dot then splits the word, so
    /// "İstanbul" gives "i" and "stanbul"). .NET's invariant mapping leaves U+0130 unchanged.
    /// </summary>
    internal static string PythonLower(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == 0x130) sb.Append("i\u0307");
            else sb.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return sb.ToString();
    }

    private static string AsciiOnly(string token)
    {
        int ascii = 0;
        foreach (char c in token) if (c < 128) ascii++;
        if (ascii == token.Length) return token;
        var sb = new StringBuilder(ascii);
        foreach (char c in token) if (c < 128) sb.Append(c);
        return sb.ToString();
    }
}
