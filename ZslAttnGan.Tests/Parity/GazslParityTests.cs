namespace ZslAttnGan.Tests.Parity;

/// <summary>
/// Data-driven parity against the original GAZSL (ZSL-GAN) Python code: one test result per case of the GAZSL
/// fixtures' <c>manifest.json</c> (<c>ZSLATTNGAN_GAZSL_FIXTURES</c>, else <c>../shared/fixtures/gazsl</c>). Runners are
/// the <see cref="ParityRunnerAttribute"/> methods; a case with no runner fails, and every <c>out.*</c> must be compared.
/// </summary>
public class GazslParityTests
{
    public const string EnvironmentVariable = "ZSLATTNGAN_GAZSL_FIXTURES";

    /// <summary>The GAZSL fixture set.</summary>
    public static FixtureSet Fixtures { get; } = new(EnvironmentVariable, "gazsl");

    public static IEnumerable<object[]> Cases() => ParityCaseRunner.Cases(Fixtures, "<gazsl fixtures missing>");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name) => ParityCaseRunner.Run(Fixtures, name);
}
