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
    public static IEnumerable<object[]> Cases() => ParityCaseRunner.Cases(ParityFixtures.Set, "<parity fixtures missing>");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name) => ParityCaseRunner.Run(ParityFixtures.Set, name);
}
