namespace ZslAttnGan.Evaluation;

/// <summary>Adds the ResNet-18 metrics to a <see cref="MetricRegistry"/>.</summary>
public static class ResNet18Metrics
{
    /// <summary>Registers <c>frd</c> and <c>diversity</c> (replacing metrics of those names) and returns the registry.</summary>
    public static MetricRegistry Register(MetricRegistry registry, ResNet18MetricOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new ResNet18MetricOptions();
        options.Validate();
        registry.Register(new Metrics.FrdMetric(options));
        registry.Register(new Metrics.DiversityMetric(options));
        return registry;
    }
}
