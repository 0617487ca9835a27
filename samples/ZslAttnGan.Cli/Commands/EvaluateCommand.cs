using System.CommandLine;
using Spectre.Console;

namespace ZslAttnGan.Cli.Commands;

/// <summary>
/// <c>evaluate</c>: a placeholder until the evaluation module is merged. The options are the command's final ones, so
/// scripts can be written against them now; the action says the module is missing and exits with
/// <see cref="ExitCodes.NotAvailable"/>.
/// </summary>
internal static class EvaluateCommand
{
    public const string NotMergedMessage = "evaluation module not merged yet";

    public static Command Create(CliEnvironment env)
    {
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "Checkpoint folder to evaluate.", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "CUB-format data folder (seen and unseen classes).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for the metrics and samples.", DefaultValueFactory = _ => "evaluation" };
        var command = new Command("evaluate", "Compute evaluation metrics of a checkpoint (not available yet: " + NotMergedMessage + ").")
        {
            checkpoint, data, output,
        };
        command.SetAction((_, _) =>
        {
            env.Console.MarkupLine($"[yellow]{NotMergedMessage}[/]");
            return Task.FromResult(ExitCodes.NotAvailable);
        });
        return command;
    }
}
