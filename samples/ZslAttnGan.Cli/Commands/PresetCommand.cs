using System.CommandLine;
using ZslAttnGan.Training;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>preset NAME</c>: prints a preset as JSON, the starting point of a <c>--preset-file</c>.</summary>
internal static class PresetCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = $"One of: {string.Join(", ", Presets.All.Keys)}." };
        var command = new Command("preset", "Print a preset as JSON (edit it and pass it to `train --preset-file`).") { name };
        command.SetAction(parse =>
        {
            env.Console.Profile.Out.Writer.WriteLine(PresetFile.ToJson(Presets.Get(parse.GetValue(name)!)));
            return ExitCodes.Success;
        });
        return command;
    }
}
