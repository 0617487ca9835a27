using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Interop;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>import</c>: reference PyTorch checkpoints (AttnGAN / ZSL-AttnGAN <c>.pth</c>) + captions.pickle → one of
/// our checkpoints. Pickle-based files are for trusted input only (see docs/interop.md).</summary>
internal static class ImportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "A folder of reference .pth files, or the files themselves.", Arity = ArgumentArity.OneOrMore }
            .RejectingOptionLikeValues("input paths");
        var captions = new Option<string>("--captions", "--data") { Description = "The vocabulary the text encoder was trained with: AttnGAN's captions.pickle, or the CUB dataset folder (its captions.pickle, else the vocabulary rebuilt from its caption files as the ZSL-AttnGAN code does).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Checkpoint folder to write.", Required = true };
        var allowMissing = new Option<bool>("--allow-missing") { Description = "Keep freshly initialised components for the ones not given (and say which)." };
        var command = new Command("import", "Import reference PyTorch checkpoints (trusted files only) into a ZslAttnGan checkpoint.")
        {
            inputs, captions, output, allowMissing,
        };
        command.SetAction((parse, _) =>
        {
            var summary = ReferenceImporter.Import(parse.GetValue(inputs)!, parse.GetValue(captions)!, parse.GetValue(output)!,
                new ImportOptions { AllowMissingComponents = parse.GetValue(allowMissing) });
            env.Console.WriteLine(summary.ToString());
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
