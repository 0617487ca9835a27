namespace ZslAttnGan.Evaluation;

/// <summary>
/// Where the two ONNX files of the ImageNet ResNet-18 are: <c>ResNet18.onnx</c> (the network up to its global average
/// pool, 64 MB) and <c>ResNetPreprocess.onnx</c> (RGB → BGR and mean-image subtraction). Both come from the NuGet
/// package <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> 0.23.1 (MIT licence), in its folder
/// <c>tools/DnnImageModels/</c> as <c>ResNet18Onnx/ResNet18.onnx</c> and <c>ResNetPrepOnnx/ResNetPreprocess.onnx</c>.
/// </summary>
/// <remarks>
/// Projects that reference ZslAttnGan.Evaluation.Onnx inside this repository get the files copied to
/// <c>DnnImageModels/</c> in their output folder (<see cref="Default"/>). A project that uses the NuGet package gets
/// them the same way by referencing the model package for its build files only:
/// <c>&lt;PackageReference Include="Microsoft.ML.DnnImageFeaturizer.ResNet18" Version="0.23.1" IncludeAssets="build" /&gt;</c>
/// (its build props copy <c>tools/DnnImageModels/**</c> to <c>DnnImageModels/</c>), or points <see cref="In"/> at a
/// folder where it keeps them (the package's <c>tools/DnnImageModels</c> folder, or one holding both files).
/// </remarks>
public sealed record ResNet18ModelFiles
{
    /// <summary>The NuGet package the files come from.</summary>
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";

    /// <summary>The package version whose files were checked (input 1×3×224×224, 512 features).</summary>
    public const string PackageVersion = "0.23.1";

    /// <summary>File name of the network.</summary>
    public const string NetworkFileName = "ResNet18.onnx";

    /// <summary>File name of the preprocessing graph.</summary>
    public const string PreprocessFileName = "ResNetPreprocess.onnx";

    /// <summary>Path of <c>ResNet18.onnx</c>.</summary>
    public required string NetworkPath { get; init; }

    /// <summary>Path of <c>ResNetPreprocess.onnx</c>.</summary>
    public required string PreprocessPath { get; init; }

    /// <summary>The files in <c>DnnImageModels/</c> beside the application (where the build copies them).</summary>
    public static ResNet18ModelFiles Default => In(Path.Combine(AppContext.BaseDirectory, "DnnImageModels"));

    /// <summary>The files in <paramref name="directory"/>: either in the package's layout
    /// (<c>ResNet18Onnx/ResNet18.onnx</c> and <c>ResNetPrepOnnx/ResNetPreprocess.onnx</c>), or both directly in the
    /// folder. The package layout is used when the folder does not hold <c>ResNet18.onnx</c> itself.</summary>
    public static ResNet18ModelFiles In(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        return File.Exists(Path.Combine(full, NetworkFileName))
            ? new ResNet18ModelFiles { NetworkPath = Path.Combine(full, NetworkFileName), PreprocessPath = Path.Combine(full, PreprocessFileName) }
            : new ResNet18ModelFiles
            {
                NetworkPath = Path.Combine(full, "ResNet18Onnx", NetworkFileName),
                PreprocessPath = Path.Combine(full, "ResNetPrepOnnx", PreprocessFileName),
            };
    }

    /// <summary><see cref="In"/> for a folder, or <see cref="Default"/> when <paramref name="directory"/> is null.</summary>
    public static ResNet18ModelFiles InOrDefault(string? directory) => directory is null ? Default : In(directory);

    /// <summary>Null when both files exist, else which is missing and how to get it (one sentence for a report).</summary>
    public string? WhyMissing()
    {
        var missing = new[] { NetworkPath, PreprocessPath }.Where(p => !File.Exists(p)).ToList();
        return missing.Count == 0 ? null
            : $"ResNet-18 ONNX file{(missing.Count > 1 ? "s" : "")} not found: {string.Join(", ", missing.Select(p => $"'{p}'"))}. {HowToGet}";
    }

    /// <summary>Throws when a file is missing.</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message names it and says how to get it.</exception>
    public void ThrowIfMissing()
    {
        foreach (var path in new[] { NetworkPath, PreprocessPath })
            if (!File.Exists(path)) throw new FileNotFoundException($"ResNet-18 ONNX file '{path}' not found. {HowToGet}", path);
    }

    private static string HowToGet =>
        $"The files are in the NuGet package {PackageId} {PackageVersion} (folder tools/DnnImageModels): reference it with " +
        $"IncludeAssets=\"build\" to have them copied to DnnImageModels/ in the output, or pass the folder holding them " +
        "(see docs/evaluation.md, \"FRD\").";
}
