namespace ZslAttnGan.Evaluation;

/// <summary>Adds the ResNet-18 metrics to a <see cref="MetricRegistry"/>.</summary>
public static class ResNet18Metrics
{
    /// <summary>Registers <c>frd</c> and <c>diversity_resnet18</c> (replacing metrics of those names), and the pixel
    /// <c>diversity</c> with the same captions and seeds, so that both diversity figures describe the same generated and
    /// real images (and the images are generated once). Returns the registry.</summary>
    public static MetricRegistry Register(MetricRegistry registry, ResNet18MetricOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new ResNet18MetricOptions();
        options.Validate();
        registry.Register(new Metrics.FrdMetric(options));
        registry.Register(new Metrics.ResNet18DiversityMetric(options));
        registry.Register(new Metrics.PixelDiversityMetric(options.DiversityCaptions, options.DiversitySeeds));
        return registry;
    }
}
