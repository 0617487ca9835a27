using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace ZslAttnGan.Cli.Terminal;

/// <summary>
/// Writes library log messages through Spectre.Console, so they appear above a live progress bar instead of tearing
/// it (the stock console logger writes to the terminal from its own thread). Information and debug messages only with
/// <c>--verbose</c>; warnings and errors always.
/// </summary>
internal sealed class SpectreLoggerProvider(IAnsiConsole console, LogLevel minimum) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(console, minimum, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose() { }

    private sealed class Logger(IAnsiConsole console, LogLevel minimum, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var colour = logLevel >= LogLevel.Error ? "red" : logLevel == LogLevel.Warning ? "yellow" : "grey";
            console.MarkupLine($"[{colour}]{Markup.Escape(category)}: {Markup.Escape(formatter(state, exception))}[/]");
        }
    }
}
