namespace ZslAttnGan.Text;

/// <summary>A caption turned into word ids.</summary>
/// <param name="Ids">Word ids in caption order (never 0: <c>&lt;end&gt;</c> is padding, not part of a caption).</param>
/// <param name="Tokens">The tokens that were kept, aligned with <paramref name="Ids"/>.</param>
/// <param name="UnknownWords">Tokens that were dropped because the vocabulary does not hold them, in caption order.</param>
public sealed record EncodedCaption(IReadOnlyList<long> Ids, IReadOnlyList<string> Tokens, IReadOnlyList<string> UnknownWords)
{
    /// <summary>Number of ids.</summary>
    public int Length => Ids.Count;

    /// <summary>True when every token was known.</summary>
    public bool IsComplete => UnknownWords.Count == 0;
}
