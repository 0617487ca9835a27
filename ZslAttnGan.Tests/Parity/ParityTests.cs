using System.Reflection;
using System.Text.Json;

namespace ZslAttnGan.Tests.Parity;

/// <summary>Marks a static method <c>void M(ParityCase c)</c> as the runner for the manifest case <paramref name="caseName"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ParityRunnerAttribute(string caseName) : Attribute
{
    public string CaseName { get; } = caseName;
}

/// <summary>
/// Data-driven parity against the original Python code: one test result per case of <c>manifest.json</c>. A case with
/// no runner fails; it is never skipped.
/// </summary>
public class ParityTests
{
    private const string MissingFixtures = "<parity fixtures missing>";

    private static readonly Lazy<Dictionary<string, MethodInfo>> Runners = new(() =>
        typeof(ParityTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .SelectMany(m => m.GetCustomAttributes<ParityRunnerAttribute>().Select(a => (a.CaseName, m)))
            .ToDictionary(x => x.CaseName, x => x.m));

    public static IEnumerable<object[]> Cases()
    {
        if (ParityFixtures.FolderOrNull is null)
        {
            yield return new object[] { MissingFixtures };
            yield break;
        }
        foreach (var c in ParityFixtures.ManifestCases())
            yield return new object[] { c.GetProperty("name").GetString()! };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name)
    {
        var folder = ParityFixtures.Folder; // throws with the searched locations when missing
        JsonElement entry = ParityFixtures.ManifestCases().Single(c => c.GetProperty("name").GetString() == name);
        Assert.True(Runners.Value.TryGetValue(name, out var runner),
            $"Parity case '{name}' (reference {entry.GetProperty("reference")}) has no runner in the test suite.");
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
