using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Workflows.Quickstart;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>quickstart</c>: synthetic birds → encoders → GAN → previews → report, for a fixed step budget on the CPU.</summary>
internal static class QuickstartCommand
{
    public static Command Create(CliEnvironment env)
    {
        var minutes = new Option<double?>("--minutes", "-m") { Description = "Instead of the fixed step budget: scale both step counts by minutes/10 and stop each phase at its share of this many minutes (the result then depends on the machine's speed and load)." };
        var encoderSteps = new Option<long?>("--steps-encoders") { Description = $"Encoder steps (default {QuickstartOptions.DefaultEncoderSteps})." };
        var ganSteps = new Option<long?>("--steps-gan") { Description = $"GAN steps (default {QuickstartOptions.DefaultGanSteps}; fewer than {QuickstartOptions.MinimumUsefulGanSteps} leave the generator untrained)." };
        var seed = new Option<long?>("--seed") { Description = "Training seed (default: the Synthetic preset's)." };
        var output = new Option<string>("--out", "-o") { Description = "Output folder.", DefaultValueFactory = _ => "quickstart" };
        var device = CommonOptions.Device();
        var gazsl = new Option<bool>("--gazsl") { Description = "Also train ZSL-GAN (GAZSL) on the same birds and report its zero-shot figures beside ZSL-AttnGAN's (about 2 more minutes on 2 quiet cores)." };
        var command = new Command("quickstart", "Write the synthetic birds, train encoders and GAN (Synthetic preset) for a fixed number of steps, and write previews, the checkpoint and a report.")
        {
            encoderSteps, ganSteps, seed, minutes, output, device, gazsl,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            using var loggers = env.CreateLoggerFactory(parse);
            var options = new QuickstartOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                Seed = parse.GetValue(seed),
                Device = CommonOptions.ParseDevice(parse.GetValue(device)!),
                LoggerFactory = loggers,
                Evaluation = EvaluationHook(),
                Gazsl = parse.GetValue(gazsl),
            };
            if (parse.GetValue(minutes) is { } m) options = options.WithMinutes(m);
            if (parse.GetValue(encoderSteps) is { } e) options = options with { EncoderSteps = e };
            if (parse.GetValue(ganSteps) is { } g) options = options with { GanSteps = g };
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
