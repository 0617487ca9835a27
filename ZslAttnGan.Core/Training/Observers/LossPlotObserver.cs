using SixLabors.ImageSharp;
using ZslAttnGan.Imaging;

namespace ZslAttnGan.Training.Observers;

/// <summary>
/// Draws the curves that a <see cref="MetricsCsvObserver"/> records (every loss, learning rate and the throughput, one
/// panel each, raw and smoothed) to a PNG, refreshed every <see cref="RefreshEveryLogs"/> log steps and at the end of
/// every run (atomically: the file is always a complete image). Register it after the CSV observer.
/// </summary>
public sealed class LossPlotObserver : ITrainingObserver
{
    private readonly MetricsCsvObserver _metrics;
    private int _logs;

    /// <summary>Plots <paramref name="metrics"/>' rows to <paramref name="path"/>.</summary>
    public LossPlotObserver(MetricsCsvObserver metrics, string path)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentException.ThrowIfNullOrEmpty(path);
        _metrics = metrics;
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The PNG file.</summary>
    public string Path { get; }

    /// <summary>Redraw after this many log steps (default 10; the plot of a long run costs a few milliseconds).</summary>
    public int RefreshEveryLogs { get; init; } = 10;

    /// <inheritdoc />
    public void OnLog(Trainer trainer, TrainingProgress progress)
    {
        if (++_logs % Math.Max(1, RefreshEveryLogs) == 0) Draw();
    }

    /// <inheritdoc />
    public void OnRunEnd(Trainer trainer, TrainingResult result) => Draw();

    /// <summary>Draws the plot now; nothing when no row was logged yet.</summary>
    public void Draw()
    {
        var rows = _metrics.Rows;
        if (rows.Count == 0) return;
        var names = rows.SelectMany(r => r.Values.Keys).Distinct().ToList();
        var series = names.Select(n => new ScalarSeries(n, rows.Where(r => r.Values.ContainsKey(n)).Select(r => (r.Step, r.Values[n])).ToList())).ToList();
        series.Add(new ScalarSeries("images/s", rows.Select(r => (r.Step, r.ImagesPerSecond)).ToList()));
        using var image = ScalarPlots.Draw(series);
        ImageFiles.SaveAsPngAtomic(image, Path);
    }
}
