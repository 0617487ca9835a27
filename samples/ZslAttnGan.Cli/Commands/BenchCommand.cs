using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZslAttnGan.Training;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Cli.Commands;

/// <summary>
/// <c>bench</c>: by default the reference table (encoder, GAN and inference workloads of the seed's bird
/// config on random weights, ours beside the reference's times, GFLOP/s, peak RSS, and the image pipeline); with
/// <c>--preset</c> the old quick timing of one preset; with <c>--memory</c> the 1000-step RSS stability check.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var preset = new Option<string?>("--preset") { Description = "Time one encoder step, one GAN step and inference of this preset instead of the reference table." };
        var repeats = new Option<int>("--repeats") { Description = "Timed calls per workload after one warm-up.", DefaultValueFactory = _ => 2 };
        var workloads = new Option<string[]>("--workload")
        {
            Description = $"Reference workloads to run (default all): {string.Join(", ", ReferenceWorkloads.All.Select(w => w.Id))}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var noPipeline = new Option<bool>("--no-pipeline") { Description = "Skip the image-pipeline timing." };
        var memory = new Option<bool>("--memory") { Description = "Run the memory-stability check instead: GAN steps of the Synthetic preset, RSS sampled at intervals." };
        var steps = new Option<int>("--steps") { Description = "Steps of the memory check.", DefaultValueFactory = _ => 1000 };
        var interval = new Option<int>("--interval") { Description = "RSS sampling interval of the memory check, in steps.", DefaultValueFactory = _ => 50 };
        var heapRelease = new Option<int?>("--heap-release") { Description = "Memory check: hand free heap pages back every N steps (0 = never; default: the Synthetic preset's 50)." };
        var markdown = new Option<bool>("--markdown") { Description = "Also print the reference table as Markdown." };
        var python = new Option<string?>("--reference-python")
        {
            Description = "Also time the Python reference in this run: a peer folder with peer_bench.py and the patched seed in seed/ (e.g. ../shared/peer), run with /usr/bin/python3 (Debian's python3-torch). Without it: our times only, no ratio.",
        };
        var device = CommonOptions.Device();
        var command = new Command("bench", "Time the reference workloads of the seed's bird model (about 2 minutes on 2 cores), one preset (--preset), or check memory stability (--memory).")
        {
            preset, repeats, workloads, noPipeline, memory, steps, interval, heapRelease, markdown, python, device,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(memory)) return Task.FromResult(Memory(env, parse.GetValue(steps), parse.GetValue(interval), parse.GetValue(heapRelease), cancellationToken));
            if (parse.GetValue(preset) is { } name) return Task.FromResult(Preset(env, name, parse.GetValue(repeats), CommonOptions.ParseDevice(parse.GetValue(device)!), cancellationToken));
            var ids = parse.GetValue(workloads);
            var report = ReferenceBench.Run(new ReferenceBenchOptions
            {
                Repeats = parse.GetValue(repeats),
                Workloads = ids is { Length: > 0 } ? ids : null,
                ImagePipeline = !parse.GetValue(noPipeline),
                Python = parse.GetValue(python) is { } peer ? new PythonReference(peer) : null,
            }, env.Reporter, cancellationToken);
            env.Console.WriteLine(report.Machine.Describe());
            var table = new Table().Title($"reference workloads, seed bird config, random weights; {report.Machine.Threads} torch threads, " +
                $"channels-last {(Environment.GetEnvironmentVariable("ZSLATTNGAN_CHANNELS_LAST") == "0" ? "off" : "on")}, heap {ZslAttnGan.TorchSharpWorkarounds.NativeHeap.Description}");
            foreach (var h in ReferenceBenchTable.Headers) table.AddColumn(h == "workload" ? new TableColumn(h) : new TableColumn(h).RightAligned());
            foreach (var row in ReferenceBenchTable.Rows(report)) table.AddRow(row.Select(Markup.Escape).ToArray());
            env.Console.Write(table);
            if (report.Rows.Any(r => r.Python is null)) env.Console.WriteLine(ReferenceBenchTable.NoReference);
            if (report.Pipeline is { } p) env.Console.WriteLine(ReferenceBenchTable.PipelineSummary(p));
            if (parse.GetValue(markdown)) env.Console.WriteLine(ReferenceBenchTable.Markdown(report));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static int Memory(CliEnvironment env, int steps, int interval, int? heapRelease, CancellationToken cancellationToken)
    {
        if (heapRelease < 0) throw new ArgumentException($"--heap-release must not be negative but is {heapRelease}.");
        var report = MemoryStability.Run(Presets.Synthetic, steps, interval, heapRelease, env.Reporter, cancellationToken);
        var table = new Table().Title($"RSS during {steps} GAN steps of the Synthetic preset (samples after a full .NET collection)")
            .AddColumn(new TableColumn("step").RightAligned()).AddColumn(new TableColumn("RSS MB").RightAligned()).AddColumn(new TableColumn("s").RightAligned())
            .AddColumn(new TableColumn(".NET heap MB").RightAligned()).AddColumn(new TableColumn("live tensors").RightAligned())
            .AddColumn(new TableColumn("C heap in use MB").RightAligned()).AddColumn(new TableColumn("C heap free MB").RightAligned())
            .AddColumn(new TableColumn("peak in interval MB").RightAligned());
        static string Mb(long bytes) => (bytes / 1e6).ToString("F0", CultureInfo.InvariantCulture);
        foreach (var s in report.Samples)
            table.AddRow(s.Step.ToString(CultureInfo.InvariantCulture), Mb(s.RssBytes), s.Seconds.ToString("F0", CultureInfo.InvariantCulture),
                Mb(s.ManagedBytes), s.LiveTensors.ToString(CultureInfo.InvariantCulture), Mb(s.NativeInUseBytes), Mb(s.NativeFreeBytes), Mb(s.WindowPeakBytes));
        env.Console.Write(table);
        env.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RSS growth after the first {interval} steps: {report.GrowthAfterFirstInterval:P1} at the end, {report.MaxGrowthAfterFirstInterval:P1} at most (target < 5 %); " +
            $"after step {4 * interval}: {report.GrowthAfter(4 * interval):P1}; peak per interval: {report.PeakGrowthAfterFirstInterval:P1} from the second interval to the last; " +
            $"live tensor handles: {report.TensorsPerStep:F1} more per step; heap {ZslAttnGan.TorchSharpWorkarounds.NativeHeap.Description}, free pages released every {report.HeapReleaseInterval} steps (0 = never)."));
        return ExitCodes.Success;
    }

    private static int Preset(CliEnvironment env, string name, int repeats, TorchSharp.torch.Device device, CancellationToken cancellationToken)
    {
        var options = new BenchOptions { Preset = Presets.Get(name), Repeats = repeats, Device = device };
        var rows = BenchWorkflow.Run(options, env.Reporter, cancellationToken);
        var table = new Table().Title($"{options.Preset.Name} preset on {options.Device}, {Environment.ProcessorCount} cores")
            .AddColumn("operation").AddColumn(new TableColumn("batch").RightAligned()).AddColumn(new TableColumn("mean ms").RightAligned())
            .AddColumn(new TableColumn("min ms").RightAligned()).AddColumn(new TableColumn("images/s").RightAligned());
        foreach (var r in rows)
        {
            table.AddRow(r.Operation, r.BatchSize.ToString(CultureInfo.InvariantCulture), r.MeanMilliseconds.ToString("F0", CultureInfo.InvariantCulture),
                r.MinMilliseconds.ToString("F0", CultureInfo.InvariantCulture), r.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture));
        }
        env.Console.Write(table);
        return ExitCodes.Success;
    }
}
