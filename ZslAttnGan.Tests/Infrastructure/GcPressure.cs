namespace ZslAttnGan.Tests.Infrastructure;

/// <summary>
/// A thread of its own that allocates and forces collections and finalizer runs in a loop until disposed: beside it, a
/// TorchSharp temporary (a Scalar, or a Tensor wrapper passed straight into a native call) that nothing keeps alive is
/// finalised within microseconds, which turns TorchSharp's finalizer races into crashes a test can see.
/// </summary>
/// <remarks>Tests that use it belong to <see cref="GcPressureCollection"/>: the collections are process-wide.</remarks>
public sealed class GcPressure : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _collections;

    /// <summary>Starts the pressure thread and waits until it has run once.</summary>
    public GcPressure()
    {
        using var started = new ManualResetEventSlim();
        // Not the thread pool's: on a busy machine a pool task could start only after the work it should overlap.
        _thread = new Thread(() =>
        {
            var keep = new List<byte[]>();
            while (!_stop.IsCancellationRequested)
            {
                for (int i = 0; i < 64; i++) keep.Add(new byte[1024]);
                if (keep.Count > 4096) keep.Clear();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref _collections);
                started.Set();
            }
        }) { IsBackground = true, Name = "gc-pressure" };
        _thread.Start();
        if (!started.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException("the GC pressure thread never ran");
    }

    /// <summary>Forced collections so far.</summary>
    public long Collections => Interlocked.Read(ref _collections);

    /// <summary>Stops the thread and waits for it (idempotent).</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}

/// <summary>
/// Tests under <see cref="GcPressure"/> run alone: run beside other tests, the forced collections would finalise those
/// tests' TorchSharp temporaries too (test code is not held to the library's rules), so a crash would blame the wrong
/// code and take the whole test host down. The pressure overlaps only the code its test exercises.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GcPressureCollection
{
    public const string Name = "Under GC pressure";
}
