using System.CommandLine;
using ZslAttnGan.Cli.Commands;

namespace ZslAttnGan.Cli;

/// <summary>The command tree of <c>zsl-attngan</c>.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand("ZSL-AttnGAN text-to-image generation on TorchSharp: synthetic data, training, generation and a CPU quick start.");
        root.Add(environment.Verbose);
        root.Add(QuickstartCommand.Create(environment));
        root.Add(SynthCommand.Create(environment));
        root.Add(TrainCommand.Create(environment));
        root.Add(PresetCommand.Create(environment));
        root.Add(GenerateCommand.Create(environment));
        root.Add(EvaluateCommand.Create(environment));
        root.Add(ImportCommand.Create(environment));
        root.Add(ExportCommand.Create(environment));
        root.Add(BenchCommand.Create(environment));
        root.Add(GazslCommand.Create(environment));
        root.Add(DistributedCommand.Create(environment));
        return root;
    }
}
