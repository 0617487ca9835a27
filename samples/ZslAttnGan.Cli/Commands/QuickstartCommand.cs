using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Workflows.Quickstart;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>quickstart</c>: synthetic birds → encoders → GAN → previews → report, within a time budget on the CPU.</summary>
internal static class QuickstartCommand
{
    public static Command Create(CliEnvironment env)
    {
        var minutes = new Option<double>("--minutes", "-m") { Description = "Wall-time budget of the whole run.", DefaultValueFactory = _ => 10 };
        var output = new Option<string>("--out", "-o") { Description = "Output folder.", DefaultValueFactory = _ => "quickstart" };
        var device = CommonOptions.Device();
        var command = new Command("quickstart", "Write the synthetic birds, train encoders and GAN (Synthetic preset) within --minutes, and write previews, the checkpoint and a report.")
        {
            minutes, output, device,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            using var loggers = env.CreateLoggerFactory(parse);
            var options = new QuickstartOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                Budget = TimeSpan.FromMinutes(parse.GetValue(minutes)),
                Device = CommonOptions.ParseDevice(parse.GetValue(device)!),
                LoggerFactory = loggers,
                Evaluation = EvaluationHook(),
            };
            var result = QuickstartWorkflow.Run(options, env.Reporter, cancellationToken);
            if (result.StoppedByUser)
            {
                env.Console.MarkupLine($"[yellow]Stopped[/] after {result.Elapsed:mm\\:ss}; checkpoint: {Markup.Escape(result.CheckpointDirectory)}");
                return Task.FromResult(ExitCodes.Cancelled);
            }
            env.Console.MarkupLine($"[green]Done[/] in {result.Elapsed:mm\\:ss}.");
            foreach (var preview in result.Previews) env.Console.MarkupLine($"  preview: {Markup.Escape(preview)}");
            env.Console.MarkupLine($"  report:  {Markup.Escape(result.ReportMarkdown!)}");
            env.Console.MarkupLine($"Output folder: [bold]{Markup.Escape(result.OutputDirectory)}[/]");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Where the evaluation module plugs into the quick start's report; none yet.</summary>
    private static IQuickstartEvaluation? EvaluationHook() => new ZslAttnGan.Workflows.Evaluation.QuickstartEvaluation();

}
