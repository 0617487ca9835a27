namespace ZslAttnGan.Data.Batching;

/// <summary>Derives independent, reproducible random streams from (seed, epoch, index), so a row's draws do not depend on
/// which worker decodes it or in which order.</summary>
internal static class DeterministicRandom
{
    public static Random For(int seed, int epoch, long index, ulong stream = 0)
    {
        ulong h = Mix((ulong)(uint)seed ^ 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (ulong)(uint)epoch);
        h = Mix(h ^ (ulong)index);
        h = Mix(h ^ stream);
        return new Random((int)(h & 0x7FFFFFFF));
    }

    // SplitMix64 finaliser.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
