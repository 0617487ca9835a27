using System.Globalization;

namespace ZslAttnGan.Distributed;

/// <summary>Options of <see cref="MpiProcessGroup.Initialize"/>.</summary>
public sealed record MpiOptions
{
    /// <summary>Environment variable with the collective timeout in seconds (used when <see cref="CollectiveTimeout"/>
    /// is null); 0 or a negative number turns the watchdog off.</summary>
    public const string TimeoutEnvironmentVariable = "ZSLATTNGAN_MPI_TIMEOUT";

    /// <summary>The default collective timeout: 10 minutes.</summary>
    public static readonly TimeSpan DefaultCollectiveTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The MPI library to load; null: <see cref="MpiLibrary.LibraryEnvironmentVariable"/>, else
    /// <see cref="MpiLibrary.DefaultName"/>.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>Small tensors of one dtype are packed into flat buckets of at most this many bytes, one
    /// <c>MPI_Allreduce</c> per bucket (per-call latency dominates small messages); tensors of at least this size are
    /// reduced alone, in place. Default 25 MB, as PyTorch DDP's <c>bucket_cap_mb</c>.</summary>
    public long BucketBytes { get; init; } = 25L * 1024 * 1024;

    /// <summary>Before each collective, the ranks agree on a signature of the tensor list (count, dtypes, shapes, root)
    /// with one 16-byte all-reduce, and every rank throws <see cref="InvalidOperationException"/> when they disagree —
    /// instead of MPI silently summing mismatched buffers or hanging. Default true; costs one small-message latency
    /// per collective.</summary>
    public bool VerifyShapes { get; init; } = true;

    /// <summary>How long a collective may block before the watchdog aborts the whole job (<c>MPI_Abort</c>): a blocked
    /// native MPI call cannot be interrupted any other way. Null: <see cref="TimeoutEnvironmentVariable"/>, else
    /// <see cref="DefaultCollectiveTimeout"/>; <see cref="Timeout.InfiniteTimeSpan"/> or zero turns it off.</summary>
    public TimeSpan? CollectiveTimeout { get; init; }

    /// <summary>When the process was not started by <c>mpirun</c> (<see cref="MpiProcessGroup.IsLaunchedByMpirun"/> is
    /// false), initialise MPI anyway (Open MPI's singleton init: a world of 1 that loads libmpi) instead of returning a
    /// world of 1 without MPI. Default false.</summary>
    public bool InitializeWithoutLauncher { get; init; }

    /// <summary>The timeout in effect: <see cref="CollectiveTimeout"/>, else the environment's, else the default; null
    /// when the watchdog is off.</summary>
    /// <exception cref="FormatException">The environment variable is not a number of seconds.</exception>
    public TimeSpan? EffectiveCollectiveTimeout()
    {
        var timeout = CollectiveTimeout;
        if (timeout is null && Environment.GetEnvironmentVariable(TimeoutEnvironmentVariable) is { Length: > 0 } text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                throw new FormatException($"{TimeoutEnvironmentVariable}={text} is not a number of seconds.");
            timeout = seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        }
        timeout ??= DefaultCollectiveTimeout;
        return timeout.Value <= TimeSpan.Zero ? null : timeout;
    }
}
