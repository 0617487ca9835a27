namespace ZslAttnGan.Evaluation;

/// <summary>Metrics by name. <see cref="CreateDefault"/> holds the built-in ones; add your own with <see cref="Register"/>.</summary>
public sealed class MetricRegistry
{
    private readonly List<IMetric> _metrics = new();

    /// <summary>A registry with every built-in metric, in the order they run: r_precision, fid, inception_score,
    /// zsl_accuracy, gzsl, attribute_accuracy, diversity, code_probe.</summary>
    public static MetricRegistry CreateDefault()
    {
        var r = new MetricRegistry();
        r.Register(new Metrics.RPrecisionMetric());
        r.Register(new Metrics.FidMetric());
        r.Register(new Metrics.InceptionScoreMetric());
        r.Register(new Metrics.ZslAccuracyMetric());
        r.Register(new Metrics.GzslMetric());
        r.Register(new Metrics.AttributeAccuracyMetric());
        r.Register(new Metrics.PixelDiversityMetric());
        r.Register(new Metrics.CodeProbeMetric());
        return r;
    }

    /// <summary>The metrics in registration order.</summary>
    public IReadOnlyList<IMetric> All => _metrics;

    /// <summary>Adds a metric, or replaces the one with the same name (keeping its position).</summary>
    public void Register(IMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        int i = _metrics.FindIndex(m => m.Name == metric.Name);
        if (i >= 0) _metrics[i] = metric;
        else _metrics.Add(metric);
    }

    /// <summary>The metric called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such metric; the message lists the names.</exception>
    public IMetric Get(string name) => _metrics.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"Unknown metric '{name}'. Known metrics: {string.Join(", ", _metrics.Select(m => m.Name))}.", nameof(name));
}
