namespace ZslAttnGan.Runs;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler on the reporting thread, at once. <see cref="Progress{T}"/>
/// posts to a synchronisation context or the thread pool instead, so its reports can arrive late or out of order
/// (and after the phase has ended), which a progress bar that is closed at the end of a phase cannot take.
/// </summary>
/// <typeparam name="T">The report type.</typeparam>
public sealed class SyncProgress<T> : IProgress<T>
{
    private readonly Action<T> _handler;

    /// <summary>Creates the progress sink.</summary>
    public SyncProgress(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
    }

    /// <inheritdoc />
    public void Report(T value) => _handler(value);
}
