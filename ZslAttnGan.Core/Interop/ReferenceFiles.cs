namespace ZslAttnGan.Interop;

/// <summary>
/// File names of reference checkpoints: the names the importer looks for in a folder and the names the exporter writes
/// (<c>text_encoder</c>, <c>image_encoder</c>, <c>netG</c>, <c>netD0</c>…, <c>discriminator</c>, each with
/// <c>.pth</c> or <c>.safetensors</c>).
/// </summary>
public static class ReferenceFiles
{
    /// <summary>Base names written by the exporter (AttnGAN's and the seed's, without epoch numbers).</summary>
    public const string TextEncoder = "text_encoder", ImageEncoder = "image_encoder", Generator = "netG",
        ZslDiscriminator = "discriminator";

    /// <summary>Extensions the importer reads.</summary>
    public static IReadOnlyList<string> Extensions { get; } = new[] { ".pth", ".safetensors" };

    /// <summary>Name prefixes the importer picks up in a folder: <c>text_encoder*</c>, <c>image_encoder*</c>,
    /// <c>netG*</c>, <c>netD*</c>, <c>discriminator*</c>.</summary>
    public static IReadOnlyList<string> Prefixes { get; } = new[] { TextEncoder, ImageEncoder, Generator, "netD", ZslDiscriminator };

    /// <summary>Base name of the <paramref name="index"/>-th image discriminator (smallest image first), as AttnGAN saves them.</summary>
    public static string ImageDiscriminator(int index) => $"netD{index}";

    /// <summary>
    /// The files to import: a folder contributes its files whose names start with one of <see cref="Prefixes"/> and end
    /// with one of <see cref="Extensions"/> (not recursively); a file is taken as given, whatever its name.
    /// </summary>
    /// <exception cref="ReferenceImportException">A path does not exist, or nothing was found.</exception>
    public static IReadOnlyList<string> Discover(IEnumerable<string> folderOrFiles)
    {
        ArgumentNullException.ThrowIfNull(folderOrFiles);
        var files = new List<string>();
        foreach (var item in folderOrFiles)
        {
            if (Directory.Exists(item))
            {
                files.AddRange(Directory.EnumerateFiles(item)
                    .Where(f => Extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase))
                                && Prefixes.Any(p => Path.GetFileName(f).StartsWith(p, StringComparison.Ordinal)))
                    .OrderBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(item)) files.Add(item);
            else throw new ReferenceImportException("no such file or folder.", item);
        }
        files = files.Select(Path.GetFullPath).Distinct().ToList();
        if (files.Count == 0)
            throw new ReferenceImportException($"No state-dict files found in {string.Join(", ", folderOrFiles)} " +
                $"(looked for {string.Join(", ", Prefixes.Select(p => p + "*"))} with {string.Join(" or ", Extensions)}).");
        return files;
    }
}
