using ZslAttnGan.Evaluation;
using ZslAttnGan.Evaluation.Metrics;
using ZslAttnGan.Testing.Contracts;

namespace ZslAttnGan.Tests.Evaluation;

public class RPrecisionMetricContractTests : MetricContract<RPrecisionMetric>
{
    protected override RPrecisionMetric Create() => new();
}

public class PixelDiversityMetricContractTests : MetricContract<PixelDiversityMetric>
{
    protected override PixelDiversityMetric Create() => new(captions: 2, seeds: 3);
}

public class ZslAccuracyMetricContractTests : MetricContract<ZslAccuracyMetric>
{
    protected override ZslAccuracyMetric Create() => new();
}

public class GzslMetricContractTests : MetricContract<GzslMetric>
{
    protected override GzslMetric Create() => new();
}

/// <summary>FID needs Inception weights that a test machine does not have: the metric must say so.</summary>
public class FidMetricContractTests : MetricContract<FidMetric>
{
    protected override FidMetric Create() => new();

    protected override bool ApplicableToTheSyntheticSet => false;
}
