using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Interop;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>export</c>: one of our checkpoints → the reference's <c>.pth</c> (or safetensors) files with the
/// reference's names and keys, and what the original code will make of them.</summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "Checkpoint folder to export.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for the exported files.", Required = true };
        var format = new Option<StateDictFormat>("--format") { Description = "PyTorchZip (.pth, default) or Safetensors.", DefaultValueFactory = _ => StateDictFormat.PyTorchZip };
        var live = new Option<bool>("--live-generator") { Description = "Export the generator's live weights instead of its averaged (EMA) ones." };
        var command = new Command("export", "Export a checkpoint as the reference code's files: text_encoder, image_encoder, netG, netD0…, discriminator.")
        {
            checkpoint, output, format, live,
        };
        command.SetAction((parse, _) =>
        {
            // Opened (and its files verified) once, for the export and for the compatibility warnings.
            var opened = Checkpoint.Open(parse.GetValue(checkpoint)!);
            var files = ReferenceExporter.ExportCheckpoint(opened, parse.GetValue(output)!, parse.GetValue(format), useAveragedGenerator: !parse.GetValue(live));
            foreach (var file in files) env.Console.WriteLine($"  {file}");
            foreach (var warning in ReferenceCompatibility.Warnings(opened.Manifest.Model))
                env.Console.WriteLine($"Warning: {warning}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
