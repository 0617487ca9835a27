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
        // Under mpirun, Ctrl-C reaches mpirun, not the ranks: it sends them SIGTERM (and soon SIGKILL), while it forwards
        // SIGUSR1 untouched (`kill -USR1 <mpirun pid>`). Both request the same clean stop as Ctrl-C; the ranks agree on it
        // at the next step (Trainer.ProcessGroup), so every rank stops at the same step and rank 0 writes the checkpoint.
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null)
        {
            _signals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, OnSignal));
            _signals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create((System.Runtime.InteropServices.PosixSignal)SigUsr1, OnSignal));
        }
    }

    // Linux's SIGUSR1 (PosixSignal has no name for it; raw numbers are accepted).
    private const int SigUsr1 = 10;
    private readonly List<System.Runtime.InteropServices.PosixSignalRegistration> _signals = new();

    private void OnSignal(System.Runtime.InteropServices.PosixSignalContext context)
    {
        if (_cts.IsCancellationRequested) return;
        context.Cancel = true;
        _console.MarkupLine($"[yellow]{context.Signal}: stopping every rank after the current step and saving a checkpoint…[/]");
        _cts.Cancel();
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
        foreach (var s in _signals) s.Dispose();
        _cts.Dispose();
    }
}
