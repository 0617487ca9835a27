using System.Reflection;
using System.Text.Json;

namespace ZslAttnGan.Tests.Parity;

/// <summary>Runs one manifest case of a fixture set with its <see cref="ParityRunnerAttribute"/> method; shared by
/// <see cref="ParityTests"/> (AttnGAN / ZSL-AttnGAN) and <see cref="GazslParityTests"/> (ZSL-GAN).</summary>
internal static class ParityCaseRunner
{
    private static readonly Lazy<Dictionary<string, MethodInfo>> Runners = new(() =>
        typeof(ParityCaseRunner).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .SelectMany(m => m.GetCustomAttributes<ParityRunnerAttribute>().Select(a => (a.CaseName, m)))
            .ToDictionary(x => x.CaseName, x => x.m));

    /// <summary>One theory row per case of <paramref name="fixtures"/>' manifest, or one row named
    /// <paramref name="missing"/> when the fixtures are absent (its run then fails with the places looked at).</summary>
    public static IEnumerable<object[]> Cases(FixtureSet fixtures, string missing)
    {
        if (fixtures.FolderOrNull is null)
        {
            yield return new object[] { missing };
            yield break;
        }
        foreach (var c in fixtures.ManifestCases())
            yield return new object[] { c.GetProperty("name").GetString()! };
    }

    /// <summary>Runs case <paramref name="name"/>: a case without a runner fails, and every <c>out.*</c> must be compared.</summary>
    public static void Run(FixtureSet fixtures, string name)
    {
        var folder = fixtures.Folder; // throws with the searched locations when missing
        JsonElement entry = fixtures.ManifestCases().Single(c => c.GetProperty("name").GetString() == name);
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
