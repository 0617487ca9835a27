using ZslAttnGan.Tests.Parity;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Packaging;

/// <summary>
/// Packs ZslAttnGan.Core, ZslAttnGan.Data, ZslAttnGan.Evaluation.Onnx, ZslAttnGan.Testing and ZslAttnGan.Distributed into a temporary folder feed, then builds and
/// runs a tiny app that uses them from the packages alone (and gets the LibTorchSharp fix from Core's buildTransitive
/// targets, and the ResNet-18 ONNX files from the model package's build props, as docs/evaluation.md tells users).
/// </summary>
[Trait("Category", "Slow")]
public class PackageConsumerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "zslattngan-consumer-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void AnAppBuiltFromThePackagesAloneRuns()
    {
        var repo = ParityFixtures.RepoRoot;
        var feed = Path.Combine(_root, "feed");
        var app = Path.Combine(_root, "app");
        Directory.CreateDirectory(app);
        // A version no earlier run used, so the NuGet cache never serves a stale package.
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..6]}";
        var timeout = TimeSpan.FromMinutes(6);
        foreach (var project in new[] { "ZslAttnGan.Core", "ZslAttnGan.Data", "ZslAttnGan.Evaluation.Onnx", "ZslAttnGan.Testing", "ZslAttnGan.Distributed" })
        {
            var (code, output) = DotnetCli.Run(repo, timeout, "pack", Path.Combine(repo, project, project + ".csproj"), "-c", "Release",
                "-o", feed, $"-p:Version={version}", "--artifacts-path", Path.Combine(_root, "artifacts"));
            Assert.True(code == 0, $"pack {project} failed:\n{output}");
        }
        var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).ToList();
        Assert.Contains($"ZslAttnGan.Core.{version}.nupkg", packages);
        Assert.Contains($"ZslAttnGan.Data.{version}.nupkg", packages);
        Assert.Contains($"ZslAttnGan.Evaluation.Onnx.{version}.nupkg", packages);
        Assert.Contains($"ZslAttnGan.Testing.{version}.nupkg", packages);
        Assert.Contains($"ZslAttnGan.Distributed.{version}.nupkg", packages);

        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ZslAttnGan.Core" Version="{version}" />
                <PackageReference Include="ZslAttnGan.Data" Version="{version}" />
                <PackageReference Include="ZslAttnGan.Evaluation.Onnx" Version="{version}" />
                <PackageReference Include="ZslAttnGan.Testing" Version="{version}" />
                <PackageReference Include="ZslAttnGan.Distributed" Version="{version}" />
                <PackageReference Include="Microsoft.ML.DnnImageFeaturizer.ResNet18" Version="0.23.1" IncludeAssets="build" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using ZslAttnGan.Data.Synthetic;
            using ZslAttnGan.Evaluation;
            using ZslAttnGan.Inference;
            using ZslAttnGan.Models;
            using ZslAttnGan.Text;
            using ZslAttnGan.Training;

            var birds = SyntheticBirdsGenerator.Generate(Path.Combine(args[0], "birds"),
                new SyntheticBirdsOptions { Species = 4, UnseenSpecies = 1, ImagesPerSpecies = 2, Workers = 1 });
            var vocabulary = Vocabulary.FromWords(new[] { "<end>", "a", "red", "bird" });
            var preset = Presets.Synthetic;
            using var model = new ZslAttnGanModel(preset.Model, vocabulary.Count, classCount: 3, seed: 1);
            using var pipeline = new TextToImagePipeline(model, vocabulary);
            using var result = pipeline.Generate("a red bird", count: 2, seed: 1);
            Console.WriteLine($"consumer ok: {result.Images.Count} images of {result.Images[0].Width} px, {Directory.GetFiles(birds.Root, "*.txt").Length} dataset files");
            using var extractor = ResNet18FeatureExtractor.Load();
            using var features = extractor.Extract(result.StageImages[^1]);
            Console.WriteLine($"resnet18 ok: {features.shape[1]} features per image");
            // The test kit's tiny model builds from the package too (its contract bases need only xunit).
            using var tiny = ZslAttnGan.Testing.TinyModels.Model();
            Console.WriteLine($"testing kit ok: {tiny.Components().Count()} components, contract {typeof(ZslAttnGan.Testing.Contracts.TextEncoderContract<>).Name}");
            // Without mpirun the MPI group is a world of one (no MPI needed).
            using var group = ZslAttnGan.Distributed.MpiProcessGroup.Initialize();
            Console.WriteLine($"distributed ok: rank {group.Rank} of {group.Size}");
            """);
        var (runCode, runOutput) = DotnetCli.Run(app, timeout, "run", "-c", "Release", "--", _root);
        Assert.True(runCode == 0, $"consumer failed:\n{runOutput}");
        Assert.Contains("consumer ok: 2 images of 64 px", runOutput);
        Assert.Contains("resnet18 ok: 512 features per image", runOutput);
        Assert.Contains("testing kit ok: 6 components", runOutput);
        Assert.Contains("distributed ok: rank 0 of 1", runOutput);
        // Only the model files of the ResNet-18 package: no ML.NET assembly reaches the app.
        Assert.Empty(Directory.GetFiles(app, "Microsoft.ML.dll", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(app, "Microsoft.ML.OnnxTransformer.dll", SearchOption.AllDirectories));
    }
}
