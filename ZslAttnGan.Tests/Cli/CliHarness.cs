using Spectre.Console;
using ZslAttnGan.Cli;

namespace ZslAttnGan.Tests.Cli;

/// <summary>The CLI's command tree run in-process, its console captured as plain text (no ANSI, no colour).</summary>
internal static class CliHarness
{
    /// <summary>The command tree over a console that discards its output.</summary>
    public static System.CommandLine.RootCommand Build() =>
        CliApp.Build(new CliEnvironment(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) })));

    /// <summary>Parses <paramref name="args"/> without running anything.</summary>
    public static System.CommandLine.ParseResult Parse(params string[] args) => Build().Parse(args);

    /// <summary>Runs a command line; returns its exit code and what it printed. <paramref name="width"/> sets the
    /// console width (wide tables otherwise wrap at Spectre's default of 80 columns).</summary>
    public static (int Code, string Output) Run(string[] args, int? width = null) => Run(args, width, rethrow: false);

    /// <summary>Runs a command line as <see cref="Run(string[], int?)"/>, but an exception of the command propagates
    /// (as in Program.cs, which prints its message) instead of going to System.CommandLine's handler on stderr.</summary>
    public static (int Code, string Output) RunOrThrow(params string[] args) => Run(args, null, rethrow: true);

    private static (int Code, string Output) Run(string[] args, int? width, bool rethrow)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        if (width is { } w) console.Profile.Width = w;
        var parse = CliApp.Build(new CliEnvironment(console)).Parse(args);
        var code = rethrow ? parse.Invoke(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false }) : parse.Invoke();
        return (code, writer.ToString());
    }
}
