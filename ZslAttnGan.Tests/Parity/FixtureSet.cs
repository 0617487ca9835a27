using System.Text.Json;

namespace ZslAttnGan.Tests.Parity;

/// <summary>
/// One set of parity fixtures (a folder with <c>manifest.json</c>): the folder named by an environment variable, else
/// <c>../shared/fixtures/&lt;subfolder&gt;</c> beside the checkout. <see cref="ParityFixtures"/> is the AttnGAN/ZSL set;
/// <see cref="GazslParityTests"/> uses the GAZSL one.
/// </summary>
public sealed class FixtureSet
{
    private readonly Lazy<string?> _folder;

    /// <summary>A set located by <paramref name="environmentVariable"/> or <c>../shared/fixtures/<paramref name="sharedSubfolder"/></c>.</summary>
    public FixtureSet(string environmentVariable, string sharedSubfolder)
    {
        EnvironmentVariable = environmentVariable;
        SharedSubfolder = sharedSubfolder;
        _folder = new Lazy<string?>(() => Candidates().FirstOrDefault(c => File.Exists(Path.Combine(c, "manifest.json"))));
    }

    public string EnvironmentVariable { get; }

    public string SharedSubfolder { get; }

    /// <summary>The folder, or null when none was found.</summary>
    public string? FolderOrNull => _folder.Value;

    /// <summary>The folder; throws with the places looked at when it is missing.</summary>
    public string Folder => _folder.Value ?? throw new DirectoryNotFoundException(
        $"Parity fixtures ({SharedSubfolder}) not found. Set {EnvironmentVariable} or place the shared folder beside the checkout " +
        $"(looked for {string.Join(", ", Candidates())}).");

    private IEnumerable<string> Candidates()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) { yield return env; yield break; }
        yield return Path.GetFullPath(Path.Combine(ParityFixtures.RepoRoot, "..", "shared", "fixtures", SharedSubfolder));
    }

    /// <summary>The manifest's cases.</summary>
    public IReadOnlyList<JsonElement> ManifestCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToList();
    }
}
