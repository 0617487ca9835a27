using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using ZslAttnGan.Collectives;
using static TorchSharp.torch;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>distributed bench</c>: the time of one all-reduce (float32, one tensor, in place) per message size from
/// 4 kB to 64 MB; the numbers a data-parallel scaling projection starts from (latency for the small buckets, bandwidth
/// for the large ones).</summary>
internal static class DistributedBench
{
    public static Command Create(CliEnvironment env)
    {
        var iterations = new Option<int>("--iterations", "-n") { Description = "Timed all-reduces per size (the median is reported), after 2 warm-up ones.", DefaultValueFactory = _ => 20 };
        var maxBytes = new Option<long>("--max-bytes") { Description = "Largest message in bytes (sizes go up by 4x from 4 kB).", DefaultValueFactory = _ => 64L << 20 };
        var verify = new Option<bool>("--verify-shapes") { Description = "Include the shape agreement (one 16-byte all-reduce) in each timed call, as training does by default." };
        var command = new Command("bench", "Time all-reduce per message size (4 kB to 64 MB): median of N, MB/s and latency; rank 0 prints the table.") { iterations, maxBytes, verify };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(iterations);
            ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, "--iterations");
            using var group = DistributedCommand.Join(null, parse.GetValue(verify));
            var rows = new List<string[]>();
            for (long bytes = 4096; bytes <= parse.GetValue(maxBytes); bytes *= 4)
            {
                double median = Median(group, bytes, n);
                // Each rank's median, averaged over the ranks, so that rank 0's table does not show only its own view.
                double seconds = group.SumOverRanks([median])[0] / group.Size;
                double algorithm = bytes / seconds / 1e6;
                // Bus bandwidth (NCCL's convention): what each link carries in a ring all-reduce, 2(n-1)/n of the data.
                double bus = algorithm * 2 * (group.Size - 1) / group.Size;
                rows.Add([Size(bytes), Fmt(seconds * 1e6, "F1"), Fmt(algorithm, "F0"), Fmt(bus, "F0")]);
            }
            if (group.Rank != 0) return ExitCodes.Success;
            // A line, not the table's title: Spectre would wrap a title to the narrow table's width.
            env.Console.WriteLine($"all-reduce (sum, float32, in place), {group.Size} rank{(group.Size == 1 ? "" : "s")}, median of {n}, " +
                $"shape agreement {(parse.GetValue(verify) ? "on" : "off")}{(group.UsesMpi ? "" : ", no MPI (world of one)")}");
            var table = new Table();
            table.AddColumn("size").AddColumn(new TableColumn("latency µs").RightAligned()).AddColumn(new TableColumn("algbw MB/s").RightAligned())
                .AddColumn(new TableColumn("busbw MB/s").RightAligned());
            foreach (var row in rows) table.AddRow(row);
            env.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static double Median(IProcessGroup group, long bytes, int iterations)
    {
        using var t = ones(bytes / 4, dtype: ScalarType.Float32);
        var times = new double[iterations];
        for (int i = -2; i < iterations; i++)
        {
            // The barrier lines the ranks up, so the time is the all-reduce's, not the wait for a late rank.
            group.Barrier();
            long start = Stopwatch.GetTimestamp();
            group.AllReduceSum([t]);
            if (i >= 0) times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            // Keep the values bounded (sums of ones would double every call).
            t.fill_(ZslAttnGan.TorchSharpWorkarounds.Scalars.S(1));
        }
        Array.Sort(times);
        return iterations % 2 == 1 ? times[iterations / 2] : (times[iterations / 2 - 1] + times[iterations / 2]) / 2;
    }

    private static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes >> 20} MB" : $"{bytes >> 10} kB";

    private static string Fmt(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
