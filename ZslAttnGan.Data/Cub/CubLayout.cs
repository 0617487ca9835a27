namespace ZslAttnGan.Data.Cub;

/// <summary>The resolved folders of a CUB root: <c>CUB_200_2011</c> itself, AttnGAN's data dir, the captions folder.</summary>
/// <param name="CubDir">The folder holding <c>images.txt</c>.</param>
/// <param name="DataDir">AttnGAN's data dir (<c>train/</c>, <c>test/</c>, <c>captions.pickle</c>).</param>
/// <param name="TextDir">The Reed captions folder, or null when none exists.</param>
internal sealed record CubLayout(string CubDir, string DataDir, string? TextDir)
{
    public static CubLayout Resolve(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"CUB root '{root}' does not exist; {CubFiles.ExpectedLayout}.");
        string cub, data;
        if (File.Exists(Path.Combine(root, "images.txt")))
        {
            cub = root;
            data = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? root;
        }
        else if (File.Exists(Path.Combine(root, "CUB_200_2011", "images.txt")))
        {
            cub = Path.Combine(root, "CUB_200_2011");
            data = root;
        }
        else
        {
            throw new FileNotFoundException($"No images.txt in '{root}' or '{Path.Combine(root, "CUB_200_2011")}'; {CubFiles.ExpectedLayout}.",
                Path.Combine(root, "images.txt"));
        }
        var text = new[] { Path.Combine(cub, "text"), Path.Combine(data, "text"), Path.Combine(cub, "text_c10"), Path.Combine(data, "text_c10") }
            .FirstOrDefault(Directory.Exists);
        return new CubLayout(cub, data, text);
    }
}
