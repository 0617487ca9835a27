using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>One timing of the Python reference (a line of <c>peer_bench.py --json</c>).</summary>
/// <param name="MedianSeconds">Median wall time per call.</param>
/// <param name="PeakRssMegabytes">Peak resident memory of its process, in MB.</param>
/// <param name="Arguments">The peer_bench.py arguments that produced it.</param>
public sealed record PythonTiming(double MedianSeconds, double PeakRssMegabytes, string Arguments);

/// <summary>The Python reference's two timings of a workload: the seed as written, and doing the same work as ours.</summary>
/// <param name="Seed">The seed's loop body as written.</param>
/// <param name="SameWork">The same work as ours: without the seed's second pass of both encoders in its ZSL discriminator
/// step (<c>--no-recompute</c>), without discriminator weight gradients in the generator update
/// (<c>--freeze-d-in-g</c>); inference is the same work already.</param>
public sealed record PythonReferenceTimings(PythonTiming Seed, PythonTiming SameWork);

/// <summary>
/// Runs the Python reference beside our bench, in the same run on the same machine: <c>peer_bench.py</c> of a peer
/// folder (such as <c>../shared/peer</c>: the script and the patched seed in <c>seed/</c>) under Debian's
/// <c>/usr/bin/python3</c> with its torch, one process per workload and variant, with the same thread count and number
/// of timed calls as ours, and with our oneDNN instruction-set cap (<c>ONEDNN_MAX_CPU_ISA</c>, which PyTorch's oneDNN
/// honours too). Reference times are never stored: a time from another run or machine says nothing.
/// </summary>
public sealed class PythonReference
{
    private const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";
    private readonly string _peer, _python;

    /// <summary>Checks <paramref name="peerDirectory"/> and the interpreter.</summary>
    /// <exception cref="ArgumentException">The folder lacks peer_bench.py or seed/, or the interpreter is missing.</exception>
    public PythonReference(string peerDirectory, string python = "/usr/bin/python3")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(peerDirectory);
        _peer = Path.GetFullPath(peerDirectory);
        _python = python;
        if (!File.Exists(Path.Combine(_peer, "peer_bench.py")) || !Directory.Exists(Path.Combine(_peer, "seed")))
            throw new ArgumentException($"'{_peer}' is not a peer folder: it needs peer_bench.py and the patched seed in seed/ (see ../shared/peer/README.md).", nameof(peerDirectory));
        if (!File.Exists(_python))
            throw new ArgumentException($"The Python interpreter '{_python}' does not exist (Debian: apt-get install python3-torch python3-torchvision …, see docs/performance.md).", nameof(python));
    }

    /// <summary>peer_bench.py's arguments for <paramref name="workload"/>: the seed's and the same-work variant's.</summary>
    public static (string[] Seed, string[] SameWork) Arguments(ReferenceWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        string batch = workload.BatchSize.ToString(CultureInfo.InvariantCulture), branches = workload.Branches.ToString(CultureInfo.InvariantCulture);
        return workload.Kind switch
        {
            WorkloadKind.EncoderStep => (["encoder", "--batch", batch], ["encoder", "--batch", batch, "--no-recompute"]),
            WorkloadKind.GanStep => (["gan", "--batch", batch, "--branches", branches], ["gan", "--batch", batch, "--branches", branches, "--freeze-d-in-g"]),
            _ => (["infer", "--batch", batch], ["infer", "--batch", batch]),
        };
    }

    /// <summary>Times both variants of <paramref name="workload"/> (one run when they are the same work).</summary>
    /// <exception cref="InvalidOperationException">The Python run failed; the message holds its last output lines.</exception>
    public PythonReferenceTimings Time(ReferenceWorkload workload, int threads, int repeats, CancellationToken cancellationToken = default)
    {
        var (seed, same) = Arguments(workload);
        var seedTiming = Run(seed, threads, repeats, cancellationToken);
        var sameTiming = seed.SequenceEqual(same) ? seedTiming : Run(same, threads, repeats, cancellationToken);
        return new PythonReferenceTimings(seedTiming, sameTiming);
    }

    private PythonTiming Run(string[] arguments, int threads, int repeats, CancellationToken cancellationToken)
    {
        var json = Path.Combine(Path.GetTempPath(), $"peer-{Guid.NewGuid():N}.jsonl");
        try
        {
            var info = new ProcessStartInfo(_python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _peer };
            foreach (var a in new[] { Path.Combine(_peer, "peer_bench.py"), "--seed", Path.Combine(_peer, "seed"), "--threads", $"{threads}",
                         "--warmup", "1", "--iters", $"{repeats}", "--quiet-wait", "0", "--json", json }.Concat(arguments))
                info.ArgumentList.Add(a);
            // The same oneDNN kernels on both sides: the convolution policy caps ours (at AVX2 by default), and
            // PyTorch's oneDNN reads the same variable, so an AVX-512 machine compares like with like.
            if (Environment.GetEnvironmentVariable(OneDnnIsaVariable) is { Length: > 0 } isa) info.Environment[OneDnnIsaVariable] = isa;
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {_python}.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
            if (process.ExitCode != 0 || !File.Exists(json))
            {
                var tail = string.Join('\n', (stdout.Result + stderr.Result).Split('\n').Where(l => l.Trim().Length > 0).TakeLast(6));
                throw new InvalidOperationException($"The Python reference ({string.Join(' ', arguments)}) failed with exit code {process.ExitCode}:\n{tail}");
            }
            return Parse(File.ReadLines(json).Last(l => l.Trim().Length > 0), string.Join(' ', arguments));
        }
        finally
        {
            File.Delete(json);
        }
    }

    /// <summary>Reads one JSON line of <c>peer_bench.py --json</c>.</summary>
    /// <exception cref="InvalidDataException">The line lacks <c>median_s</c>.</exception>
    public static PythonTiming Parse(string jsonLine, string arguments)
    {
        using var doc = JsonDocument.Parse(jsonLine);
        var root = doc.RootElement;
        if (!root.TryGetProperty("median_s", out var median) || median.ValueKind != JsonValueKind.Number)
            throw new InvalidDataException($"peer_bench.py's result has no median_s: {jsonLine[..Math.Min(200, jsonLine.Length)]}");
        double rss = root.TryGetProperty("peak_rss_mb", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : double.NaN;
        return new PythonTiming(median.GetDouble(), rss, arguments);
    }
}
