using CsCheck;
using Xunit.Abstractions;
using ZslAttnGan.Tests.Data.Fuzzing;

namespace ZslAttnGan.Tests.Data;

/// <summary>
/// Fuzzes <see cref="ZslAttnGan.Data.Imaging.ImageDecoder"/> with mutated JPEG, PNG, BMP and GIF files (bit flips,
/// overwrites, insertions, deletions, truncations, lies about dimensions and lengths with PNG CRCs repaired) and checks
/// that every input decodes to a valid image or throws ImageDecodeException naming it, within a time and memory bound
/// (see <see cref="DecodeProbe"/>).
/// </summary>
/// <remarks>
/// Each format runs for <c>ZSLATTNGAN_FUZZ_SECONDS</c> seconds (default 6, so about half a minute in CI) on
/// <c>ZSLATTNGAN_FUZZ_THREADS</c> threads (default 1). A failure prints CsCheck's seed; replay exactly that case with
/// <c>CsCheck_Seed=&lt;seed&gt; dotnet test ZslAttnGan.Tests --filter "FullyQualifiedName~ImageDecoderFuzzTests"</c>.
/// The failing bytes are also written to <c>$TMPDIR/zslattngan-fuzz-failures/</c>.
/// </remarks>
[Trait("Category", "Fuzz")]
public class ImageDecoderFuzzTests(ITestOutputHelper output)
{
    // Small enough that an accepted huge header decodes in well under a second, big enough for every seed.
    private const long FuzzMaxPixels = 1_000_000;

    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    private static int SecondsPerFormat => EnvInt("ZSLATTNGAN_FUZZ_SECONDS", 6);

    private static int Threads => EnvInt("ZSLATTNGAN_FUZZ_THREADS", 1);

    [Theory]
    [InlineData(FuzzFormat.Jpeg)]
    [InlineData(FuzzFormat.Png)]
    [InlineData(FuzzFormat.Bmp)]
    [InlineData(FuzzFormat.Gif)]
    public void MutatedImages_DecodeOrThrowImageDecodeException_WithinTimeAndMemory(FuzzFormat format)
    {
        var probe = new DecodeProbe(FuzzMaxPixels, CaseTimeout);
        var stats = new FuzzStats();
        FuzzGen.Cases(FuzzSeeds.Of(format)).Sample(
            c => stats.Add(CheckCase(probe, c)),
            writeLine: output.WriteLine,
            iter: long.MaxValue,
            time: SecondsPerFormat,
            threads: Threads,
            print: c => c.ToString());
        output.WriteLine($"{format}: {stats}");
        Assert.True(stats.Cases > 0);
        Assert.True(stats.Decoded > 0, "no mutated case decoded; the mutations are too destructive to test the decoders");
        Assert.True(stats.Refused > 0, "no mutated case was refused; the mutations do not reach the error paths");
    }

    private static DecodeOutcome CheckCase(DecodeProbe probe, FuzzCase c)
    {
        var bytes = c.Build();
        try
        {
            return probe.Check(bytes);
        }
        catch (FuzzContractException e)
        {
            var dir = Path.Combine(Path.GetTempPath(), "zslattngan-fuzz-failures");
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"{c.Seed.Name}-{ZslAttnGan.Interop.Crc32.Of(bytes):x8}.bin");
            File.WriteAllBytes(file, bytes);
            throw new FuzzContractException($"{e.Message}\nInput saved to {file}", e.InnerException);
        }
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) && v > 0 ? v : fallback;
}

/// <summary>Counts of a fuzz run (thread-safe).</summary>
public sealed class FuzzStats
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, long> _refusals = new(StringComparer.Ordinal);

    public long Cases { get; private set; }
    public long Decoded { get; private set; }
    public long Refused => Cases - Decoded;
    public TimeSpan Slowest { get; private set; }
    public long MostAllocated { get; private set; }

    public void Add(DecodeOutcome o)
    {
        lock (_gate)
        {
            Cases++;
            if (o.Decoded) Decoded++;
            if (o.Refusal is { } r) _refusals[r] = _refusals.GetValueOrDefault(r) + 1;
            if (o.Elapsed > Slowest) Slowest = o.Elapsed;
            if (o.AllocatedBytes > MostAllocated) MostAllocated = o.AllocatedBytes;
        }
    }

    public override string ToString() =>
        $"{Cases} cases, {Decoded} decoded, {Refused} refused with ImageDecodeException; slowest {Slowest.TotalMilliseconds:0} ms, most allocated {MostAllocated / 1048576.0:0.0} MiB; refusals by cause: {string.Join(", ", _refusals.Select(kv => $"{kv.Key} {kv.Value}"))}";
}
