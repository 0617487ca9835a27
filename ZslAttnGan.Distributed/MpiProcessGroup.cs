using System.Runtime.InteropServices;
using ZslAttnGan.Collectives;

namespace ZslAttnGan.Distributed;

/// <summary>
/// An <see cref="IProcessGroup"/> over Open MPI's <c>MPI_COMM_WORLD</c>: one process per rank, started by
/// <c>mpirun -np N</c> (as root: <c>mpirun --allow-run-as-root --oversubscribe -np N dotnet app.dll …</c>).
/// </summary>
/// <remarks>
/// <para><b>World of one.</b> A process not started by <c>mpirun</c> (<see cref="IsLaunchedByMpirun"/> false) gets a
/// world of one without loading MPI at all: it runs where Open MPI is not installed, costs nothing, and leaves MPI
/// uninitialised (MPI can be initialised once per process and never again after <c>MPI_Finalize</c>, which matters in
/// test hosts and long-lived processes). Open MPI's singleton init also works on Debian 12 with Open MPI 4.1.4 (about 0.4 s
/// per start), and <see cref="MpiOptions.InitializeWithoutLauncher"/> asks for it.</para>
/// <para><b>Threads.</b> MPI is initialised with <c>MPI_THREAD_SERIALIZED</c>: any thread may call MPI, one at a time.
/// FUNNELED (only the thread that initialised) would be violated by .NET code whose continuations move between pool
/// threads; every call of this class holds one lock, which gives SERIALIZED's guarantee. MULTIPLE is not needed and
/// costs locking inside Open MPI. The one exception is the watchdog's <c>MPI_Abort</c>, made while another thread is
/// blocked in a collective — a last resort that only ends the job.</para>
/// <para><b>A rank that dies.</b> When a rank is killed, <c>mpirun</c> notices the exit and kills the other ranks
/// ("mpirun noticed that process rank 1 … exited on signal 9"); the job ends with a non-zero exit code (Open MPI 4.1.4,
/// Debian 12: within about a second of the SIGKILL, exit code 137; a rank that exits with a non-zero code ends the
/// job the same way). A rank that
/// hangs (or a launcher that does not clean up) is caught by the watchdog: when one collective has been blocked longer
/// than <see cref="MpiOptions.CollectiveTimeout"/> (default 10 min; <c>ZSLATTNGAN_MPI_TIMEOUT</c> seconds), it writes
/// "rank r: collective X has waited N s; another rank probably died or hung; aborting" to stderr and calls
/// <c>MPI_Abort(MPI_COMM_WORLD, <see cref="WatchdogExitCode"/>)</c>, which makes <c>mpirun</c> kill every rank; should
/// the abort itself not end the process within 10 s, the process exits with that code.</para>
/// <para><b>Errors.</b> <c>MPI_COMM_WORLD</c>'s error handler is set to <c>MPI_ERRORS_RETURN</c>, so a failing MPI call
/// throws <see cref="MpiException"/> with <c>MPI_Error_string</c>'s text instead of aborting inside the call.</para>
/// </remarks>
public sealed partial class MpiProcessGroup : IProcessGroup, IDisposable
{
    /// <summary>The exit code of a job the watchdog aborted (as <c>timeout(1)</c>'s).</summary>
    public const int WatchdogExitCode = 124;

    private const int ThreadSerialized = 2;   // Open MPI: SINGLE 0, FUNNELED 1, SERIALIZED 2, MULTIPLE 3

    // MPI is per process: one lock for every instance.
    private static readonly object Gate = new();

    private readonly MpiLibrary? _mpi;
    private readonly MpiOptions _options;
    private readonly bool _ownsInitialization;
    private readonly CollectiveWatchdog? _watchdog;
    private readonly TensorBuckets _buckets = new();
    private bool _disposed;

    private MpiProcessGroup(MpiLibrary? mpi, int rank, int size, MpiOptions options, bool ownsInitialization)
    {
        _mpi = mpi;
        Rank = rank;
        Size = size;
        _options = options;
        _ownsInitialization = ownsInitialization;
        CollectiveTimeout = options.EffectiveCollectiveTimeout();
        // A world of one never waits for anyone.
        if (size > 1 && CollectiveTimeout is { } timeout) _watchdog = new CollectiveWatchdog(timeout, OnTimeout);
    }

    /// <inheritdoc />
    public int Rank { get; }

    /// <inheritdoc />
    public int Size { get; }

    /// <summary>True when MPI is in use (false for the world of one of a process not started by <c>mpirun</c>).</summary>
    public bool UsesMpi => _mpi is not null;

    /// <summary>The watchdog's timeout; null when it is off.</summary>
    public TimeSpan? CollectiveTimeout { get; }

    /// <summary>True when this process was started by an MPI launcher (<c>mpirun</c>/<c>mpiexec</c>/<c>srun</c> with
    /// PMIx): it has <c>OMPI_COMM_WORLD_SIZE</c>, <c>PMIX_RANK</c> or <c>PMI_RANK</c> in its environment.</summary>
    public static bool IsLaunchedByMpirun =>
        new[] { "OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK" }.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));

    /// <summary>How many ranks of the job run on this machine (<c>OMPI_COMM_WORLD_LOCAL_SIZE</c>; 1 without
    /// <c>mpirun</c>).</summary>
    public static int LocalSize =>
        int.TryParse(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_LOCAL_SIZE"), out int n) && n > 0 ? n : 1;

    /// <summary>The libtorch intra-op threads a rank should use: this machine's cores divided by
    /// <see cref="LocalSize"/>, at least 1.</summary>
    /// <remarks>libtorch's default is every core in every rank: N ranks on one machine then run N × cores OpenMP
    /// threads, which spin-wait after parallel regions and compete with the ranks' MPI progress (shared-memory
    /// collectives are copies made by the CPUs). Set it with <c>ZslAttnGan.TorchSharpWorkarounds.IntraOpThreads.Use</c>
    /// or <c>torch.set_num_threads</c> (or run <c>mpirun -x OMP_NUM_THREADS=…</c>).</remarks>
    public static int RecommendedThreads => Math.Max(1, Environment.ProcessorCount / LocalSize);

    /// <summary>Joins <c>MPI_COMM_WORLD</c>: initialises MPI (<c>MPI_Init_thread</c>, SERIALIZED) unless it is already
    /// initialised, or returns a world of one without MPI when the process was not started by <c>mpirun</c> (see the
    /// remarks of <see cref="MpiProcessGroup"/>).</summary>
    /// <exception cref="DllNotFoundException">Open MPI is not installed (the message says what to install).</exception>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="InvalidOperationException">MPI was finalised earlier in this process, or provides less than SERIALIZED.</exception>
    /// <exception cref="MpiException">An MPI call failed.</exception>
    public static unsafe MpiProcessGroup Initialize(MpiOptions? options = null)
    {
        options ??= new MpiOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BucketBytes, 8, nameof(options.BucketBytes));
        if (!IsLaunchedByMpirun && !options.InitializeWithoutLauncher) return new MpiProcessGroup(null, 0, 1, options, false);
        var mpi = MpiLibrary.Load(options.LibraryPath);
        lock (Gate)
        {
            int initialized = 0, finalized = 0;
            mpi.Check(mpi.Initialized(&initialized), "MPI_Initialized");
            mpi.Check(mpi.Finalized(&finalized), "MPI_Finalized");
            if (finalized != 0) throw new InvalidOperationException("MPI was finalised earlier in this process (a disposed MpiProcessGroup); MPI cannot be initialised twice.");
            bool owns = false;
            if (initialized == 0)
            {
                int provided = 0;
                // Errors of MPI_Init itself cannot be made to return; Open MPI prints them and aborts.
                mpi.Check(mpi.InitThread(null, 0, ThreadSerialized, &provided), "MPI_Init_thread");
                owns = true;
                if (provided < ThreadSerialized)
                {
                    mpi.Finalize();
                    throw new InvalidOperationException($"MPI provides thread level {provided}; ZslAttnGan.Distributed needs MPI_THREAD_SERIALIZED (2).");
                }
            }
            mpi.Check(mpi.CommSetErrhandler(mpi.CommWorld, mpi.ErrorsReturn), "MPI_Comm_set_errhandler");
            int rank = 0, size = 0;
            mpi.Check(mpi.CommRank(mpi.CommWorld, &rank), "MPI_Comm_rank");
            mpi.Check(mpi.CommSize(mpi.CommWorld, &size), "MPI_Comm_size");
            return new MpiProcessGroup(mpi, rank, size, options, owns);
        }
    }

    private unsafe void OnTimeout(string operation, TimeSpan waited)
    {
        Console.Error.WriteLine($"rank {Rank}: collective {operation} has waited {waited.TotalSeconds:F0} s; another rank probably died or hung; aborting");
        Console.Error.Flush();
        // Without the lock: the thread that holds it is the one blocked in the collective.
        _mpi!.Abort(_mpi.CommWorld, WatchdogExitCode);
        // MPI_Abort does not return when it works; should it, or should it hang, end this process ourselves.
        Thread.Sleep(TimeSpan.FromSeconds(10));
        Console.Error.WriteLine($"rank {Rank}: MPI_Abort did not end the process; exiting with {WatchdogExitCode}");
        Console.Error.Flush();
        Exit(WatchdogExitCode);
    }

    // _exit: ends the process without running .NET's shutdown, which could wait for the thread blocked in MPI.
    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void Exit(int status);

    /// <summary>Stops the watchdog and, when this instance initialised MPI, calls <c>MPI_Finalize</c> (collective: every
    /// rank must dispose its group). MPI cannot be initialised again in this process afterwards.</summary>
    public unsafe void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _watchdog?.Dispose();
        _buckets.Dispose();
        if (_mpi is null || !_ownsInitialization) return;
        lock (Gate)
        {
            int finalized = 0;
            _mpi.Check(_mpi.Finalized(&finalized), "MPI_Finalized");
            if (finalized == 0) _mpi.Check(_mpi.Finalize(), "MPI_Finalize");
        }
    }
}
