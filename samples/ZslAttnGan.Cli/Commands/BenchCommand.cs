using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZslAttnGan.Training;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>bench</c>: times one encoder step, one GAN step and inference on random inputs and prints a table.</summary>
internal static class BenchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var preset = new Option<string>("--preset") { Description = "Preset to time.", DefaultValueFactory = _ => nameof(Presets.Synthetic) };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions of each operation (after one warm-up).", DefaultValueFactory = _ => 3 };
        var device = CommonOptions.Device();
        var command = new Command("bench", "Time one encoder step, one GAN step and inference with random inputs (Synthetic preset: about a minute on 2 cores).")
        {
            preset, repeats, device,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new BenchOptions
            {
                Preset = Presets.Get(parse.GetValue(preset)!),
                Repeats = parse.GetValue(repeats),
                Device = CommonOptions.ParseDevice(parse.GetValue(device)!),
            };
            var rows = BenchWorkflow.Run(options, env.Reporter, cancellationToken);
            var table = new Table().Title($"{options.Preset.Name} preset on {options.Device}, {Environment.ProcessorCount} cores")
                .AddColumn("operation").AddColumn(new TableColumn("batch").RightAligned()).AddColumn(new TableColumn("mean ms").RightAligned())
                .AddColumn(new TableColumn("min ms").RightAligned()).AddColumn(new TableColumn("images/s").RightAligned());
            foreach (var r in rows)
            {
                table.AddRow(r.Operation, r.BatchSize.ToString(CultureInfo.InvariantCulture), r.MeanMilliseconds.ToString("F0", CultureInfo.InvariantCulture),
                    r.MinMilliseconds.ToString("F0", CultureInfo.InvariantCulture), r.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture));
            }
            env.Console.Write(table);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
