namespace ZslAttnGan.Data.Captions;

/// <summary>The reference <c>get_caption</c>: a caption longer than WORDS_NUM keeps a random subset of WORDS_NUM words
/// in their original order (random word dropping, not truncation); shorter captions are kept whole.</summary>
public static class CaptionSampler
{
    /// <summary>Returns the caption's words after the reference's length limit (not padded).</summary>
    public static long[] Limit(long[] caption, int wordsNum, Random random)
    {
        ArgumentNullException.ThrowIfNull(caption);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wordsNum);
        if (caption.Length <= wordsNum) return caption;
        var positions = new int[caption.Length];
        for (int i = 0; i < positions.Length; i++) positions[i] = i;
        // Fisher–Yates, then the first WORDS_NUM positions sorted ascending, as numpy's shuffle + [:WORDS_NUM] + sort.
        for (int i = positions.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }
        Array.Sort(positions, 0, wordsNum);
        var result = new long[wordsNum];
        for (int i = 0; i < wordsNum; i++) result[i] = caption[positions[i]];
        return result;
    }
}
