using System.CommandLine;
using System.Text.Json;
using ZslAttnGan.Collectives;
using ZslAttnGan.Distributed;
using ZslAttnGan.Training;

namespace ZslAttnGan.Cli;

/// <summary>The <c>--distributed</c> and <c>--state-checksums</c> options of the commands that can run over MPI.</summary>
internal static class DistributedOptions
{
    public static Option<bool> Distributed() => new("--distributed")
    {
        Description = "Data-parallel over MPI: start with `mpirun -np N zsl-attngan … --distributed`. The preset's batch is the global batch (each rank takes 1/N of it); rank 0 writes every file (docs/distributed.md).",
    };

    public static Option<string?> StateChecksums() => new("--state-checksums")
    {
        Description = "After training, write a SHA-256 per tensor of the trainer's state (weights, buffers, optimiser moments, EMA) to DIR/rank-R.json on every rank: equal files prove the ranks stayed identical.",
    };

    public static Option<bool> SynchronizeBatchNorm() => new("--sync-batchnorm")
    {
        Description = "With --distributed: BatchNorm statistics over the whole global batch (all-reduced) instead of per rank, so N ranks with B/N rows train what one process trains with B.",
    };

    /// <summary>The MPI group when <paramref name="distributed"/> (a world of one without mpirun), else null; libtorch
    /// gets the cores divided by the ranks on this machine unless OMP_NUM_THREADS is set.</summary>
    public static MpiProcessGroup? Start(bool distributed) => distributed ? Commands.DistributedCommand.Join(null) : null;

    /// <summary>Rank 0's summary of the time its collectives took.</summary>
    public static string CommunicationSummary(TimedProcessGroup timed, TimeSpan elapsed) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Communication: {timed.Elapsed.TotalSeconds:F1} s of {elapsed.TotalSeconds:F1} s ({100 * timed.Elapsed.TotalSeconds / Math.Max(1e-9, elapsed.TotalSeconds):F1} %, waiting for other ranks included) in {timed.Calls} collectives, {timed.Bytes / 1e6:F1} MB.");

    /// <summary>Writes <paramref name="trainer"/>'s state checksums to <paramref name="directory"/>/rank-R.json.</summary>
    public static void WriteChecksums(Trainer trainer, string directory)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"rank-{trainer.ProcessGroup.Rank}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(trainer.StateChecksums(), new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>One line saying how the run is spread, for rank 0 to print.</summary>
    public static string Describe(IProcessGroup group) =>
        $"Distributed: {group.Size} rank{(group.Size == 1 ? "" : "s")} over MPI; this is rank {group.Rank}.";
}
