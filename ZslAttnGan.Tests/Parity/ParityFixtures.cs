using System.Text.Json;

namespace ZslAttnGan.Tests.Parity;

/// <summary>Finds the parity fixture folder: <c>ZSLATTNGAN_PARITY_FIXTURES</c>, else <c>../shared/fixtures/parity</c>
/// beside the checkout.</summary>
public static class ParityFixtures
{
    public const string EnvironmentVariable = "ZSLATTNGAN_PARITY_FIXTURES";

    /// <summary>The AttnGAN / ZSL-AttnGAN fixture set.</summary>
    public static FixtureSet Set { get; } = new(EnvironmentVariable, "parity");

    /// <summary>The folder, or null when none was found.</summary>
    public static string? FolderOrNull => Set.FolderOrNull;

    /// <summary>The folder; throws with the places looked at when it is missing.</summary>
    public static string Folder => Set.Folder;

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZslAttnGan.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("ZslAttnGan.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The manifest's cases, by name.</summary>
    public static IReadOnlyList<JsonElement> ManifestCases() => Set.ManifestCases();
}
