using System.Diagnostics;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>What <see cref="ReferenceBench"/> runs.</summary>
public sealed record ReferenceBenchOptions
{
    /// <summary>Workload ids to run (null: all six).</summary>
    public IReadOnlyList<string>? Workloads { get; init; }

    /// <summary>Timed calls per workload after one untimed warm-up (the median is reported).</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Also time the CUB image pipeline on one thread.</summary>
    public bool ImagePipeline { get; init; } = true;

    /// <summary>Images decoded and transformed for the image-pipeline timing.</summary>
    public int PipelineImages { get; init; } = 200;

    /// <summary>Also time the Python reference, in the same run, with this peer folder (null: ours only, no ratio).</summary>
    public PythonReference? Python { get; init; }
}

/// <summary>One workload's result.</summary>
/// <param name="Workload">The workload.</param>
/// <param name="Seconds">Timed calls, in order.</param>
/// <param name="PeakBytes">Peak resident memory while the workload was built and run (see <see cref="ProcessMemory"/>).</param>
/// <param name="Flops">Analytic FLOPs per call.</param>
/// <param name="Python">The Python reference's timings of the same workload in this run, or null.</param>
public sealed record ReferenceBenchRow(ReferenceWorkload Workload, IReadOnlyList<double> Seconds, long PeakBytes, double Flops, PythonReferenceTimings? Python = null)
{
    /// <summary>Median time per call.</summary>
    public double MedianSeconds
    {
        get
        {
            var s = Seconds.OrderBy(x => x).ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        }
    }

    /// <summary>Our median time over the Python reference's doing the same work, measured in the same run; null without it.</summary>
    public double? Ratio => Python is { } p ? MedianSeconds / p.SameWork.MedianSeconds : null;

    /// <summary>Achieved GFLOP/s at the median time.</summary>
    public double Gflops => Flops / MedianSeconds / 1e9;
}

/// <summary>The whole table: the machine, rows and the image pipeline.</summary>
/// <param name="Machine">CPU, ISA, libtorch threads, load and the FMA ceiling utilisation is stated against.</param>
/// <param name="Rows">One row per workload.</param>
/// <param name="Pipeline">Image-pipeline stage timings, or null when not run.</param>
public sealed record ReferenceBenchReport(MachineProfile Machine, IReadOnlyList<ReferenceBenchRow> Rows, ImagePipelineTimings? Pipeline);

/// <summary>
/// The quick version of the BenchmarkDotNet suite: each issue-8 workload built in turn in this process, one warm-up
/// call and a few timed calls, median time, analytic GFLOP/s, and the peak RSS of the workload (the peak is reset and
/// freed heap returned to the OS between workloads, so each row has its own peak; a separate process per workload,
/// as in the BenchmarkDotNet suite, is a little lower).
/// </summary>
public static class ReferenceBench
{
    /// <summary>Runs the table.</summary>
    public static ReferenceBenchReport Run(ReferenceBenchOptions options, IRunReporter reporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reporter);
        if (options.Repeats < 1) throw new ArgumentException($"Repeats must be at least 1 (got {options.Repeats}).", nameof(options));
        var workloads = options.Workloads is null ? ReferenceWorkloads.All : options.Workloads.Select(ReferenceWorkloads.Get).ToList();

        reporter.Info("Measuring the float32 FMA ceiling and matrix-product rate…");
        var machine = MachineProfile.Measure();
        var rows = new List<ReferenceBenchRow>();
        foreach (var w in workloads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reporter.Info($"Timing {w.Description} ({options.Repeats} calls after a warm-up)…");
            ProcessMemory.Trim();
            ProcessMemory.ResetPeak();
            var times = new List<double>();
            double flops;
            using (var runner = new WorkloadRunner(w))
            {
                flops = runner.Flops.Total;
                runner.Run();
                for (int r = 0; r < options.Repeats; r++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var clock = Stopwatch.StartNew();
                    runner.Run();
                    times.Add(clock.Elapsed.TotalSeconds);
                }
            }
            PythonReferenceTimings? python = null;
            if (options.Python is { } reference)
            {
                reporter.Info($"Timing the Python reference on {w.Description} (the seed, then the same work as ours)…");
                python = reference.Time(w, machine.Threads, options.Repeats, cancellationToken);
            }
            rows.Add(new ReferenceBenchRow(w, times, ProcessMemory.PeakBytes, flops, python));
        }
        ImagePipelineTimings? pipeline = null;
        if (options.ImagePipeline)
        {
            reporter.Info($"Timing the image pipeline on one thread ({options.PipelineImages} images)…");
            pipeline = ImagePipelineBench.Run(options.PipelineImages);
        }
        return new ReferenceBenchReport(machine, rows, pipeline);
    }
}
