using System.CommandLine;
using System.Diagnostics;
using ZslAttnGan.Collectives;
using ZslAttnGan.Distributed;
using static TorchSharp.torch;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>distributed selftest|bench</c>: checks and times the MPI process group. Run every rank with
/// <c>mpirun -np N zsl-attngan distributed …</c> (as root: <c>mpirun --allow-run-as-root --oversubscribe -np N …</c>);
/// without <c>mpirun</c> both run as a world of one.</summary>
internal static class DistributedCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("distributed", "Check (selftest) and time (bench) the MPI process group; run under mpirun -np N (without it: a world of one).");
        command.Add(SelfTest());
        command.Add(DistributedBench.Create(env));
        command.Add(DistributedStep.Create());
        return command;
    }

    /// <summary>The group the commands use: MPI under mpirun, else a world of one. libtorch gets the cores divided by
    /// the ranks on this machine (<see cref="MpiProcessGroup.RecommendedThreads"/>: no oversubscription of the cores the
    /// collectives' copies run on) unless OMP_NUM_THREADS says otherwise.</summary>
    internal static MpiProcessGroup Join(double? timeoutSeconds, bool verifyShapes = true, bool withoutLauncher = false)
    {
        if (MpiProcessGroup.LocalSize > 1 && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_NUM_THREADS")))
            set_num_threads(MpiProcessGroup.RecommendedThreads);
        return MpiProcessGroup.Initialize(new MpiOptions
        {
            CollectiveTimeout = timeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            VerifyShapes = verifyShapes,
            InitializeWithoutLauncher = withoutLauncher,
        });
    }

    private static Command SelfTest()
    {
        var dieRank = new Option<int?>("--die-on-rank") { Description = "Failure drill: this rank kills itself (SIGKILL) after --after-seconds while the others keep doing collectives." };
        var hangRank = new Option<int?>("--hang-on-rank") { Description = "Failure drill: this rank stops taking part (sleeps) after --after-seconds; the others' watchdog must end the job." };
        var after = new Option<double>("--after-seconds") { Description = "When the failure drill's rank dies or hangs, in seconds from the start.", DefaultValueFactory = _ => 2 };
        var singleton = new Option<bool>("--mpi-without-mpirun") { Description = "Without mpirun, initialise MPI anyway (Open MPI's singleton init) instead of a world of one without MPI." };
        var timeout = new Option<double?>("--timeout") { Description = "Collective timeout of the watchdog in seconds (default: ZSLATTNGAN_MPI_TIMEOUT, else 600)." };
        var command = new Command("selftest", "Every rank: all-reduce float32/float64/int64 tensors (300 small ones through buckets, one larger than a bucket, a non-contiguous one), broadcast, barrier, a data-parallel step (BroadcastModule, AverageGradients), shape and dtype refusal; checked against the closed form. Prints one line per rank; exit code 0 when it passed.")
        {
            dieRank, hangRank, after, timeout, singleton,
        };
        command.SetAction(parse =>
        {
            var clock = Stopwatch.StartNew();
            using var group = Join(parse.GetValue(timeout), withoutLauncher: parse.GetValue(singleton));
            string? failure;
            try
            {
                failure = DistributedSelfTest.Run(group);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = $"{e.GetType().Name}: {e.Message}";
            }
            string mpi = group.UsesMpi ? "" : " (no MPI)";
            Console.Out.WriteLine(failure is null ? $"rank {group.Rank}/{group.Size}: selftest passed{mpi}" : $"rank {group.Rank}/{group.Size}: selftest FAILED{mpi}: {failure}");
            Console.Out.Flush();
            if (failure is not null) return ExitCodes.Error;
            if (parse.GetValue(dieRank) is { } die) return Drill(group, die, hang: false, parse.GetValue(after), group.CollectiveTimeout, clock);
            if (parse.GetValue(hangRank) is { } hang) return Drill(group, hang, hang: true, parse.GetValue(after), group.CollectiveTimeout, clock);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The failure drill: rank <paramref name="victim"/> dies (SIGKILL) or hangs after <paramref name="after"/>
    /// seconds; the others all-reduce a small tensor every 50 ms until the launcher or the watchdog ends the job. Should
    /// nothing end it, they give up after the timeout plus a minute and fail.</summary>
    private static int Drill(MpiProcessGroup group, int victim, bool hang, double after, TimeSpan? timeout, Stopwatch clock)
    {
        if (victim < 0 || victim >= group.Size) throw new ArgumentOutOfRangeException(nameof(victim), victim, $"The group has ranks 0..{group.Size - 1}.");
        if (group.Rank == victim)
            Console.Out.WriteLine($"rank {group.Rank}/{group.Size}: will {(hang ? "hang" : "kill itself (SIGKILL)")} at {after:F1} s");
        var giveUp = TimeSpan.FromSeconds(after) + (timeout ?? TimeSpan.FromMinutes(10)) + TimeSpan.FromMinutes(1);
        using var flag = zeros(1, dtype: ScalarType.Float32);   // zeros: the sums stay 0 however long it runs
        while (clock.Elapsed < giveUp)
        {
            if (group.Rank == victim && clock.Elapsed.TotalSeconds >= after)
            {
                Console.Out.Flush();
                if (!hang) Process.GetCurrentProcess().Kill();   // SIGKILL on Linux: no handler, no MPI_Finalize
                Thread.Sleep(Timeout.Infinite);
            }
            group.AllReduceSum([flag]);
            Thread.Sleep(50);
        }
        Console.Out.WriteLine($"rank {group.Rank}/{group.Size}: rank {victim} {(hang ? "hung" : "died")} but nothing ended the job within {giveUp.TotalSeconds:F0} s");
        return ExitCodes.Error;
    }
}
