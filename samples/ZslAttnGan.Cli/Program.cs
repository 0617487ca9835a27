using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Cli;
using ZslAttnGan.Cli.Terminal;

// Reuse freed tensor memory instead of mapping it afresh for every large activation (about 2× on a GAN step;
// docs/performance.md). ZSLATTNGAN_NATIVE_HEAP=default keeps glibc's defaults, and so does a process started with
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (huge pages: less gain, no extra memory).
if (Environment.GetEnvironmentVariable("ZSLATTNGAN_NATIVE_HEAP") != "default" && !ZslAttnGan.Modules.NativeHeap.HugePages)
    ZslAttnGan.Modules.NativeHeap.RetainFreedMemory();

var console = AnsiConsole.Console;
var environment = new CliEnvironment(console);
var root = CliApp.Build(environment);
var parse = root.Parse(args);
using var cancellation = new ConsoleCancellation(console);
try
{
    // Our own Ctrl-C handling (ConsoleCancellation) instead of System.CommandLine's, whose default gives an action
    // two seconds before it ends the process: too short for finishing a training step and writing a checkpoint.
    // Exceptions come here, so that an error is one line unless --verbose asks for the stack trace.
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
