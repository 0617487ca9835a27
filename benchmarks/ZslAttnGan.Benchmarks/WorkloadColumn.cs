using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Benchmarks;

/// <summary>What a <see cref="WorkloadColumn"/> shows.</summary>
public enum WorkloadColumnKind
{
    /// <summary>The reference's median seconds.</summary>
    ReferenceTime,

    /// <summary>Our median over the reference's.</summary>
    Ratio,

    /// <summary>Analytic GFLOP per call.</summary>
    Gflop,

    /// <summary>Achieved GFLOP/s at the median.</summary>
    GflopsPerSecond,

    /// <summary>Achieved rate over the matmul peak measured by the host.</summary>
    FractionOfPeak,

    /// <summary>Peak RSS of the benchmark's process (GB).</summary>
    PeakRss,

    /// <summary>The reference's peak RSS (GB).</summary>
    ReferenceRss,
}

/// <summary>A column for the workload benchmarks (cases with a <c>Workload</c> parameter naming a <see cref="ReferenceWorkload"/>).</summary>
/// <param name="kind">What to show.</param>
/// <param name="measuredPeakGflops">The host's measured matmul peak (for <see cref="WorkloadColumnKind.FractionOfPeak"/>).</param>
public sealed class WorkloadColumn(WorkloadColumnKind kind, double measuredPeakGflops) : IColumn
{
    private static readonly Dictionary<string, double> FlopCache = new();

    /// <inheritdoc />
    public string Id => $"{nameof(WorkloadColumn)}.{kind}";

    /// <inheritdoc />
    public string ColumnName => kind switch
    {
        WorkloadColumnKind.ReferenceTime => "Reference",
        WorkloadColumnKind.Ratio => "Ratio to ref",
        WorkloadColumnKind.Gflop => "GFLOP/call",
        WorkloadColumnKind.GflopsPerSecond => "GFLOP/s",
        WorkloadColumnKind.FractionOfPeak => "Of peak",
        WorkloadColumnKind.PeakRss => "Peak RSS",
        _ => "Ref RSS",
    };

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => (int)kind;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => kind switch
    {
        WorkloadColumnKind.ReferenceTime => "Median of the Python reference on this kind of machine (issue 8)",
        WorkloadColumnKind.Ratio => "Our median / the reference's (target ≤ 0.8)",
        WorkloadColumnKind.Gflop => "Analytic FLOPs per call (docs/performance.md: convention)",
        WorkloadColumnKind.GflopsPerSecond => "Analytic FLOPs / median time",
        WorkloadColumnKind.FractionOfPeak => "GFLOP/s over the float32 matmul peak measured before the run",
        WorkloadColumnKind.PeakRss => "Peak resident set (VmHWM) from the case's setup to its cleanup, GB",
        _ => "The reference's peak RSS, GB",
    };

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Parameters["Workload"] is not string id) return "-";
        var w = ReferenceWorkloads.Get(id);
        double? median = summary[benchmarkCase]?.ResultStatistics?.Median / 1e9;
        double flops = Flops(w);
        var inv = CultureInfo.InvariantCulture;
        return kind switch
        {
            WorkloadColumnKind.ReferenceTime => $"{w.ReferenceSeconds.ToString("F3", inv)} s",
            WorkloadColumnKind.Ratio => median is { } m ? (m / w.ReferenceSeconds).ToString("F2", inv) : "-",
            WorkloadColumnKind.Gflop => (flops / 1e9).ToString("F1", inv),
            WorkloadColumnKind.GflopsPerSecond => median is { } m2 ? (flops / m2 / 1e9).ToString("F1", inv) : "-",
            WorkloadColumnKind.FractionOfPeak => median is { } m3 ? (flops / m3 / 1e9 / measuredPeakGflops).ToString("P0", inv) : "-",
            WorkloadColumnKind.PeakRss => PeakRssStore.Read(id) is { } b ? $"{(b / 1e9).ToString("F2", inv)} GB" : "-",
            _ => $"{w.ReferencePeakGigabytes.ToString("F2", inv)} GB",
        };
    }

    private static double Flops(ReferenceWorkload w)
    {
        lock (FlopCache)
        {
            if (FlopCache.TryGetValue(w.Id, out var f)) return f;
            f = Workflows.Bench.Flops.StepFlops.For(w).Total;
            return FlopCache[w.Id] = f;
        }
    }

    /// <inheritdoc />
    public override string ToString() => ColumnName;
}
