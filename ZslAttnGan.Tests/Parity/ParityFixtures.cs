using System.Text.Json;

namespace ZslAttnGan.Tests.Parity;

/// <summary>Finds the parity fixture folder: <c>ZSLATTNGAN_PARITY_FIXTURES</c>, else <c>../shared/fixtures/parity</c>
/// beside the checkout.</summary>
public static class ParityFixtures
{
    public const string EnvironmentVariable = "ZSLATTNGAN_PARITY_FIXTURES";

    private static readonly Lazy<string?> _folder = new(Locate);

    /// <summary>The folder, or null when none was found.</summary>
    public static string? FolderOrNull => _folder.Value;

    /// <summary>The folder; throws with the places looked at when it is missing.</summary>
    public static string Folder => _folder.Value ?? throw new DirectoryNotFoundException(
        $"Parity fixtures not found. Set {EnvironmentVariable} or place the shared folder beside the checkout " +
        $"(looked for {string.Join(", ", Candidates())}).");

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZslAttnGan.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("ZslAttnGan.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static IEnumerable<string> Candidates()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) { yield return env; yield break; }
        yield return Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures", "parity"));
    }

    private static string? Locate() => Candidates().FirstOrDefault(c => File.Exists(Path.Combine(c, "manifest.json")));

    /// <summary>The manifest's cases, by name.</summary>
    public static IReadOnlyList<JsonElement> ManifestCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToList();
    }
}
