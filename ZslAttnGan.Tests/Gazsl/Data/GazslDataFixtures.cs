using System.Text.Json;
using ZslAttnGan.Data.Gazsl;
using ZslAttnGan.Tests.Parity;

namespace ZslAttnGan.Tests.Gazsl.Data;

/// <summary>
/// The GAZSL mini datasets: <c>ZSLATTNGAN_GAZSL_FIXTURES</c> (a folder laid out like shared/fixtures/gazsl, with
/// data-cub/ and data-gbu/), else <c>../shared/fixtures/gazsl</c> beside the checkout. Missing fixtures fail the
/// tests with the places looked at; they are never skipped.
/// </summary>
internal static class GazslDataFixtures
{
    public const string EnvironmentVariable = "ZSLATTNGAN_GAZSL_FIXTURES";

    public static string Folder
    {
        get
        {
            var candidates = Candidates().ToList();
            return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "data-cub", "expected.json")) && File.Exists(Path.Combine(c, "data-gbu", "expected.json")))
                ?? throw new DirectoryNotFoundException($"GAZSL data fixtures (data-cub/expected.json, data-gbu/expected.json) not found in {string.Join(", ", candidates)}; set {EnvironmentVariable}.");
        }
    }

    /// <summary>The environment variable alone when set; else ../shared beside the checkout, and for a git worktree
    /// kept in a folder of worktrees (…/wt/&lt;name&gt;) the shared folder one level further up.</summary>
    private static IEnumerable<string> Candidates()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) { yield return env; yield break; }
        yield return Path.GetFullPath(Path.Combine(ParityFixtures.RepoRoot, "..", "shared", "fixtures", "gazsl"));
        yield return Path.GetFullPath(Path.Combine(ParityFixtures.RepoRoot, "..", "..", "shared", "fixtures", "gazsl"));
    }

    /// <summary>The folder the ZSL_GAN loader runs in (data-cub; its data/ holds CUB2011/).</summary>
    public static string CubRoot => Path.Combine(Folder, "data-cub");

    /// <summary>The working directory of the GBU loader (data-gbu; data/GBU/CUB1 below it).</summary>
    public static string GbuRoot => Path.Combine(Folder, "data-gbu");

    public static JsonElement CubExpected => Load(Path.Combine(CubRoot, "expected.json"));

    public static JsonElement GbuExpected => Load(Path.Combine(GbuRoot, "expected.json"));

    /// <summary>The split names recorded under "loader" (easy, hard).</summary>
    public static IEnumerable<object[]> CubSplits() =>
        CubExpected.GetProperty("loader").EnumerateObject().Select(p => new object[] { p.Name });

    private static JsonElement Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    /// <summary>Copies a fixture folder to a temp folder (to mutate files in it).</summary>
    public static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}

/// <summary>Compares a matrix with the summary expected.json records for it (shape, first/last five values of the
/// row-major data, sum, sum of squares, sum of |x|, first-row sum; the sums in float64).</summary>
internal static class ExpectedStats
{
    public static void AssertMatches(JsonElement expected, FloatMatrix actual, string what, int? rows = null)
    {
        var shape = expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.True(shape[0] == (rows ?? actual.Rows) && shape[1] == actual.Columns,
            $"{what}: shape [{actual.Rows}, {actual.Columns}] but expected [{shape[0]}, {shape[1]}]");
        int n = shape[0] * shape[1];
        var data = actual.Data.AsSpan(0, n);
        var first = expected.GetProperty("first").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var last = expected.GetProperty("last").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < first.Length; i++) Close(first[i], data[i], 1e-5, $"{what} first[{i}]");
        for (int i = 0; i < last.Length; i++) Close(last[i], data[n - last.Length + i], 1e-5, $"{what} last[{i}]");
        double sumAbs = expected.GetProperty("sum_abs").GetDouble();
        double sum = 0, sumSq = 0, abs = 0, row0 = 0;
        for (int i = 0; i < n; i++) { sum += data[i]; sumSq += (double)data[i] * data[i]; abs += Math.Abs(data[i]); }
        for (int i = 0; i < actual.Columns; i++) row0 += data[i];
        // Sums of n float32 values: allow a relative 1e-5 of the magnitude involved.
        Close(expected.GetProperty("sum").GetDouble(), sum, 0, $"{what} sum", atol: 1e-5 * Math.Max(1, sumAbs));
        Close(expected.GetProperty("sum_sq").GetDouble(), sumSq, 1e-5, $"{what} sum_sq");
        Close(sumAbs, abs, 1e-5, $"{what} sum_abs");
        Close(expected.GetProperty("row0_sum").GetDouble(), row0, 0, $"{what} row0_sum", atol: 1e-5 * Math.Max(1, sumAbs / shape[0]));
    }

    /// <summary>|actual - expected| &lt;= rtol * |expected| + atol (atol defaults to the parity fixtures' 1e-5).</summary>
    public static void Close(double expected, double actual, double rtol, string what, double atol = 1e-5)
    {
        double limit = rtol * Math.Abs(expected) + atol;
        Assert.True(Math.Abs(expected - actual) <= limit, $"{what}: {actual:R} but expected {expected:R} (tolerance {limit:G3})");
    }

    public static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>The property whose name starts with <paramref name="prefix"/> (expected.json keys carry notes).</summary>
    public static JsonElement Prop(JsonElement obj, string prefix) =>
        obj.EnumerateObject().Single(p => p.Name.StartsWith(prefix, StringComparison.Ordinal)).Value;
}
