using System.Reflection;
using System.Text.Json;

namespace ZslAttnGan.Tests.Parity;

/// <summary>
/// Data-driven parity against the original GAZSL (ZSL-GAN) Python code: one test result per case of the GAZSL
/// fixtures' <c>manifest.json</c> (<c>ZSLATTNGAN_GAZSL_FIXTURES</c>, else <c>../shared/fixtures/gazsl</c>). Runners are
/// the <see cref="ParityRunnerAttribute"/> methods; a case with no runner fails, and every <c>out.*</c> must be compared.
/// </summary>
public class GazslParityTests
{
    public const string EnvironmentVariable = "ZSLATTNGAN_GAZSL_FIXTURES";

    private const string MissingFixtures = "<gazsl fixtures missing>";

    /// <summary>The GAZSL fixture set.</summary>
    public static FixtureSet Fixtures { get; } = new(EnvironmentVariable, "gazsl");

    private static readonly Lazy<Dictionary<string, MethodInfo>> Runners = new(() =>
        typeof(GazslParityTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .SelectMany(m => m.GetCustomAttributes<ParityRunnerAttribute>().Select(a => (a.CaseName, m)))
            .ToDictionary(x => x.CaseName, x => x.m));

    public static IEnumerable<object[]> Cases()
    {
        if (Fixtures.FolderOrNull is null)
        {
            yield return new object[] { MissingFixtures };
            yield break;
        }
        foreach (var c in Fixtures.ManifestCases())
            yield return new object[] { c.GetProperty("name").GetString()! };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name)
    {
        var folder = Fixtures.Folder; // throws with the searched locations when missing
        JsonElement entry = Fixtures.ManifestCases().Single(c => c.GetProperty("name").GetString() == name);
        Assert.True(Runners.Value.TryGetValue(name, out var runner),
            $"GAZSL parity case '{name}' (reference {entry.GetProperty("reference")}) has no runner in the test suite.");
        using var parity = new ParityCase(entry, folder);
        using var scope = NewDisposeScope();
        try
        {
            runner!.Invoke(null, new object[] { parity });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
        parity.AssertAllOutputsChecked();
    }
}
