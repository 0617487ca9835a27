using System.Globalization;
using System.Text;
using ZslAttnGan.IO;

namespace ZslAttnGan.Training.Observers;

/// <summary>
/// Writes <c>metrics.csv</c> at every log step: step, phase, wall seconds since the run started, images per second,
/// every learning rate (<c>lr/&lt;optimiser&gt;</c>) and every loss, one row per logged step, columns in order of first
/// appearance (a column that appears later, e.g. an added loss term, is empty in earlier rows). The file is rewritten
/// atomically each time, so it can be read while training runs. On resume, rows past the resumed step are dropped and
/// the rest kept, so a killed and resumed run has one row per step.
/// </summary>
public sealed class MetricsCsvObserver : ITrainingObserver
{
    private readonly List<(long Step, string Phase, double Seconds, double Rate, Dictionary<string, double> Values)> _rows = new();
    private readonly List<string> _columns = new();
    private System.Diagnostics.Stopwatch _clock = new();
    private double _secondsBefore;

    /// <summary>Writes to <paramref name="path"/> (its folder is created).</summary>
    public MetricsCsvObserver(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <summary>The rows so far (step, phase, wall seconds, images per second and values by column), for plots.</summary>
    public IReadOnlyList<(long Step, string Phase, double Seconds, double ImagesPerSecond, IReadOnlyDictionary<string, double> Values)> Rows =>
        _rows.Select(r => (r.Step, r.Phase, r.Seconds, r.Rate, (IReadOnlyDictionary<string, double>)r.Values)).ToList();

    /// <inheritdoc />
    public void OnRunStart(Trainer trainer, long totalSteps)
    {
        if (_rows.Count == 0 && File.Exists(Path)) Read();
        // A resumed run continues the curve: keep what was logged up to the resumed step.
        _rows.RemoveAll(r => r.Step > trainer.State.Step);
        _secondsBefore = _rows.Count > 0 ? _rows[^1].Seconds : 0;
        _clock = System.Diagnostics.Stopwatch.StartNew();
    }

    /// <inheritdoc />
    public void OnLog(Trainer trainer, TrainingProgress progress)
    {
        var values = new Dictionary<string, double>();
        foreach (var (name, lr) in progress.LearningRates) values["lr/" + name] = lr;
        foreach (var (name, loss) in progress.Losses) values[name] = loss;
        foreach (var key in values.Keys) if (!_columns.Contains(key)) _columns.Add(key);
        _rows.RemoveAll(r => r.Step >= progress.Step);
        _rows.Add((progress.Step, progress.Phase, _secondsBefore + _clock.Elapsed.TotalSeconds, progress.ImagesPerSecond, values));
        Write();
    }

    private void Write()
    {
        var text = new StringBuilder();
        text.Append("step,phase,wall_seconds,images_per_second");
        foreach (var c in _columns) text.Append(',').Append(Escape(c));
        text.Append('\n');
        foreach (var r in _rows)
        {
            text.Append(r.Step.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Escape(r.Phase)).Append(',')
                .Append(r.Seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Rate.ToString("0.###", CultureInfo.InvariantCulture));
            foreach (var c in _columns)
                text.Append(',').Append(r.Values.TryGetValue(c, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            text.Append('\n');
        }
        AtomicFile.WriteAllText(Path, text.ToString());
    }

    private void Read()
    {
        var lines = File.ReadAllLines(Path);
        if (lines.Length == 0) return;
        var header = lines[0].Split(',');
        if (header.Length < 4 || header[0] != "step")
            throw new InvalidDataException($"{Path}: not a metrics file written by {nameof(MetricsCsvObserver)} (header '{lines[0]}').");
        _columns.AddRange(header.Skip(4));
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length)
                throw new InvalidDataException($"{Path}, line {i + 1}: {cells.Length} cells, the header has {header.Length}.");
            var values = new Dictionary<string, double>();
            for (int c = 4; c < cells.Length; c++)
                if (cells[c].Length > 0) values[header[c]] = double.Parse(cells[c], CultureInfo.InvariantCulture);
            _rows.Add((long.Parse(cells[0], CultureInfo.InvariantCulture), cells[1], double.Parse(cells[2], CultureInfo.InvariantCulture),
                double.Parse(cells[3], CultureInfo.InvariantCulture), values));
        }
    }

    // Names are identifiers; a comma or line break in one would break the columns, so it becomes a semicolon or space.
    private static string Escape(string s) => s.Replace(',', ';').Replace('\n', ' ');
}
