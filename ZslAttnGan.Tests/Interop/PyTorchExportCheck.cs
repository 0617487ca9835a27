using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZslAttnGan.Tests.Interop;

/// <summary>One exported <c>.pth</c>/<c>.safetensors</c> pair as <c>python/check_export.py</c> found it: either path is
/// null when that half is absent; every error names its key.</summary>
public sealed record CheckedExportFile(
    [property: JsonPropertyName("pth")] string? Pth,
    [property: JsonPropertyName("safetensors")] string? Safetensors,
    [property: JsonPropertyName("tensors")] int Tensors,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors)
{
    /// <summary>The file name to report: the <c>.pth</c>'s, or the <c>.safetensors</c>'s when there is no <c>.pth</c>.</summary>
    public string Name => Path.GetFileName(Pth ?? Safetensors) ?? "(no file)";
}

/// <summary>What <c>check_export.py</c> printed: the PyTorch version it ran with and one entry per file pair.</summary>
public sealed record ExportCheckReport(
    [property: JsonPropertyName("torch")] string Torch,
    [property: JsonPropertyName("files")] IReadOnlyList<CheckedExportFile> Files);

/// <summary>
/// Runs real PyTorch on exported state dicts: <c>python/check_export.py</c> (copied beside the test assembly) under the
/// interpreter <see cref="Python"/>. Tests that need it are marked <see cref="RequiresPyTorchFactAttribute"/>, which
/// skips them with <see cref="SkipReason"/> where <c>import torch</c> fails.
/// </summary>
public static class PyTorchExportCheck
{
    /// <summary>The interpreter: <c>ZSLATTNGAN_PYTHON</c> when set (e.g. a virtualenv with pip's torch), otherwise
    /// Debian's <c>/usr/bin/python3</c>, which is where <c>apt-get install python3-torch</c> puts torch.</summary>
    public static string Python => Environment.GetEnvironmentVariable("ZSLATTNGAN_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    private static readonly TimeSpan ImportTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<string?> Probe = new(() =>
    {
        var (exit, _, stderr) = RunPython(new[] { "-c", "import torch, numpy" }, ImportTimeout);
        if (exit == 0) return null;
        var why = stderr.Trim().Split('\n').LastOrDefault() ?? "";
        return $"PyTorch is not importable by {Python} ({why}). Install it with `sudo apt-get install python3-torch` " +
               "(Debian/Ubuntu), or point ZSLATTNGAN_PYTHON at a Python that has torch and numpy, to run the Category=PyTorch tests.";
    });

    /// <summary>Null when <c>import torch, numpy</c> works under <see cref="Python"/>; otherwise why not and how to install
    /// it. Probed once per test run.</summary>
    public static string? SkipReason => Probe.Value;

    /// <summary>The checker script as deployed beside the test assembly.</summary>
    public static string Script => Path.Combine(AppContext.BaseDirectory, "Interop", "python", "check_export.py");

    /// <summary>Checks every <c>.pth</c>/<c>.safetensors</c> pair in <paramref name="folders"/> with PyTorch.</summary>
    /// <exception cref="InvalidOperationException">The script did not run to the end or printed no report; the message
    /// carries its error output.</exception>
    public static ExportCheckReport Run(params string[] folders)
    {
        if (!File.Exists(Script)) throw new InvalidOperationException($"The checker script {Script} was not copied to the test output.");
        var (exit, stdout, stderr) = RunPython(new[] { Script }.Concat(folders).ToArray(), CheckTimeout);
        if (exit != 0) throw new InvalidOperationException($"{Script} exited with {exit}:\n{stderr}");
        return JsonSerializer.Deserialize<ExportCheckReport>(stdout)
            ?? throw new InvalidOperationException($"{Script} printed no report:\n{stderr}");
    }

    private static (int Exit, string Stdout, string Stderr) RunPython(string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"cannot start {Python}: {e.Message}");
        }
        using (process)
        {
            // Both pipes are drained concurrently: a report larger than the pipe buffer must not block the child.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, "", $"{Python} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s.");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
