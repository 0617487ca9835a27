using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Cli;
using ZslAttnGan.Cli.Terminal;

var console = AnsiConsole.Console;
// Redirected output has no terminal width; Spectre would fall back to 80 columns and wrap tables and Markdown.
if (Console.IsOutputRedirected) console.Profile.Width = 240;
var environment = new CliEnvironment(console);
var root = CliApp.Build(environment);
var parse = root.Parse(args);
using var cancellation = new ConsoleCancellation(console);
try
{
    // Our own Ctrl-C handling (ConsoleCancellation) instead of System.CommandLine's, whose default gives an action
    // two seconds before it ends the process: too short for finishing a training step and writing a checkpoint.
    // Exceptions come here, so that an error is one line unless --verbose asks for the stack trace.
    // How libtorch's tensor memory is recycled (docs/performance.md), chosen before the first tensor exists.
    // The BLAS first: it must be loaded before libtorch (MatrixLibrary).
    MatrixLibrarySetup.Apply(parse);
    HeapSetup.Apply(parse);
    var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
    return await parse.InvokeAsync(invocation, cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.Token.IsCancellationRequested)
{
    console.MarkupLine("[yellow]Stopped.[/]");
    return ExitCodes.Cancelled;
}
catch (Exception e)
{
    // Plain text on stderr: one line however wide the terminal is (Spectre would wrap it), and out of the way of
    // output piped to another program.
    bool verbose = parse.GetValue(environment.Verbose);
    Console.Error.WriteLine($"error: {ErrorMessages.OneLine(e)}" + (verbose ? "" : " (--verbose shows details)"));
    if (verbose) AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).WriteException(e);
    return ExitCodes.Error;
}
