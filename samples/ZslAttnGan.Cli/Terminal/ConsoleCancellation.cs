using Spectre.Console;

namespace ZslAttnGan.Cli.Terminal;

/// <summary>
/// Turns the first Ctrl-C into a cancellation request, so a trainer can finish its step and write a checkpoint; a
/// second Ctrl-C ends the process at once (for when the user would rather lose the step than wait).
/// </summary>
internal sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly IAnsiConsole _console;

    public ConsoleCancellation(IAnsiConsole console)
    {
        _console = console;
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>Cancelled at the first Ctrl-C.</summary>
    public CancellationToken Token => _cts.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_cts.IsCancellationRequested) return; // second press: let the runtime end the process
        e.Cancel = true;
        _console.MarkupLine("[yellow]Stopping after the current step and saving a checkpoint… (Ctrl-C again to quit at once)[/]");
        _cts.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _cts.Dispose();
    }
}
