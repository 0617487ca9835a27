using System.Diagnostics;
using static TorchSharp.torch;

namespace ZslAttnGan.Collectives;

/// <summary>
/// An <see cref="IProcessGroup"/> that measures the wall time and the bytes of every collective of the group it wraps,
/// to tell how much of a training step is communication. The time includes waiting for slower ranks (the collective
/// starts when the last rank arrives), which is what a step loses to it.
/// </summary>
public sealed class TimedProcessGroup(IProcessGroup inner) : IProcessGroup
{
    private readonly IProcessGroup _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly Stopwatch _clock = new();

    /// <inheritdoc />
    public int Rank => _inner.Rank;

    /// <inheritdoc />
    public int Size => _inner.Size;

    /// <summary>Time spent in collectives since the start or the last <see cref="Reset"/>.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Collective calls since the start or the last <see cref="Reset"/>.</summary>
    public long Calls { get; private set; }

    /// <summary>Bytes passed to all-reduces and broadcasts since the start or the last <see cref="Reset"/>.</summary>
    public long Bytes { get; private set; }

    /// <summary>Sets the counters to zero.</summary>
    public void Reset()
    {
        _clock.Reset();
        Calls = 0;
        Bytes = 0;
    }

    /// <inheritdoc />
    public void AllReduceSum(IReadOnlyList<Tensor> tensors) => Time(tensors, () => _inner.AllReduceSum(tensors));

    /// <inheritdoc />
    public void Broadcast(IReadOnlyList<Tensor> tensors, int root) => Time(tensors, () => _inner.Broadcast(tensors, root));

    /// <inheritdoc />
    public void Barrier() => Time([], _inner.Barrier);

    private void Time(IReadOnlyList<Tensor> tensors, Action collective)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Calls++;
        foreach (var t in tensors) Bytes += t.NumberOfElements * t.ElementSize;
        _clock.Start();
        try
        {
            collective();
        }
        finally
        {
            _clock.Stop();
        }
    }
}
