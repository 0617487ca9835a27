using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using ZslAttnGan.Cli.Terminal;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Cli;

/// <summary>What every command shares: the console, the global <c>--verbose</c> option, logging and the reporter.</summary>
internal sealed class CliEnvironment(IAnsiConsole console)
{
    public IAnsiConsole Console { get; } = console;

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show the libraries' log messages and, on errors, the stack trace.",
        Recursive = true,
    };

    public IRunReporter Reporter => new SpectreReporter(Console);

    /// <summary>A logger factory writing through Spectre.Console; information messages only with --verbose.</summary>
    public ILoggerFactory CreateLoggerFactory(ParseResult parse) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Trace)
        .AddProvider(new SpectreLoggerProvider(Console, parse.GetValue(Verbose) ? LogLevel.Information : LogLevel.Warning)));
}
