using System.Diagnostics;

namespace ZslAttnGan.Distributed;

/// <summary>
/// A background thread that watches the collective in progress and calls <c>onTimeout</c> when one has been running
/// longer than the timeout. A thread blocked inside a native MPI call cannot be interrupted (no exception, no
/// cancellation), so the only way out of a collective whose partner died or hung is to end the job from outside it.
/// </summary>
internal sealed class CollectiveWatchdog : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly Action<string, TimeSpan> _onTimeout;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private string? _operation;
    private long _startTimestamp;

    public CollectiveWatchdog(TimeSpan timeout, Action<string, TimeSpan> onTimeout)
    {
        _timeout = timeout;
        _onTimeout = onTimeout;
        _thread = new Thread(Watch) { IsBackground = true, Name = "MPI collective watchdog" };
        _thread.Start();
    }

    /// <summary>Marks <paramref name="operation"/> as running until the returned scope is disposed.</summary>
    public Scope Enter(string operation)
    {
        Volatile.Write(ref _startTimestamp, Stopwatch.GetTimestamp());
        Volatile.Write(ref _operation, operation);
        return new Scope(this);
    }

    /// <summary>Ends the watched operation.</summary>
    public readonly struct Scope(CollectiveWatchdog watchdog) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => Volatile.Write(ref watchdog._operation, null);
    }

    private void Watch()
    {
        // Checking ten times per timeout (at most once a second) bounds the overshoot at 10 % without busy-waiting.
        var poll = TimeSpan.FromTicks(Math.Clamp(_timeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
        while (!_stop.Wait(poll))
        {
            var operation = Volatile.Read(ref _operation);
            if (operation is null) continue;
            var waited = Stopwatch.GetElapsedTime(Volatile.Read(ref _startTimestamp));
            if (waited < _timeout || !ReferenceEquals(operation, Volatile.Read(ref _operation))) continue;
            _onTimeout(operation, waited);
            return;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
