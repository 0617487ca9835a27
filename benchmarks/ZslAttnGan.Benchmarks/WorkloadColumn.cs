using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Benchmarks;

/// <summary>What a <see cref="WorkloadColumn"/> shows.</summary>
public enum WorkloadColumnKind
{
    /// <summary>Analytic GFLOP per call.</summary>
    Gflop,

    /// <summary>Achieved GFLOP/s at the median.</summary>
    GflopsPerSecond,

    /// <summary>Achieved rate over the float32 FMA ceiling measured by the host.</summary>
    FractionOfCeiling,

    /// <summary>Peak RSS of the benchmark's process (GB).</summary>
    PeakRss,
}

/// <summary>A column for the workload benchmarks (cases with a <c>Workload</c> parameter naming a <see cref="ReferenceWorkload"/>).
/// No column carries a Python reference time: ratios are only meaningful in the same run on the same machine (the CLI's
/// <c>bench --reference-python</c>).</summary>
/// <param name="kind">What to show.</param>
/// <param name="machine">The host's profile, with its FMA ceiling (for <see cref="WorkloadColumnKind.FractionOfCeiling"/>).</param>
public sealed class WorkloadColumn(WorkloadColumnKind kind, MachineProfile machine) : IColumn
{
    private static readonly Dictionary<string, double> FlopCache = new();

    /// <inheritdoc />
    public string Id => $"{nameof(WorkloadColumn)}.{kind}";

    /// <inheritdoc />
    public string ColumnName => kind switch
    {
        WorkloadColumnKind.Gflop => "GFLOP/call",
        WorkloadColumnKind.GflopsPerSecond => "GFLOP/s",
        WorkloadColumnKind.FractionOfCeiling => "Of FMA ceiling",
        _ => "Peak RSS",
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
        WorkloadColumnKind.Gflop => "Analytic FLOPs per call (docs/performance.md: convention)",
        WorkloadColumnKind.GflopsPerSecond => "Analytic FLOPs / median time",
        WorkloadColumnKind.FractionOfCeiling => "GFLOP/s over the float32 FMA ceiling measured before the run",
        _ => "Peak resident set (VmHWM) from the case's setup to its cleanup, GB",
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
            WorkloadColumnKind.Gflop => (flops / 1e9).ToString("F1", inv),
            WorkloadColumnKind.GflopsPerSecond => median is { } m2 ? (flops / m2 / 1e9).ToString("F1", inv) : "-",
            WorkloadColumnKind.FractionOfCeiling => median is { } m3 ? machine.Utilisation(flops / m3 / 1e9) : "-",
            _ => PeakRssStore.Read(id) is { } b ? $"{(b / 1e9).ToString("F2", inv)} GB" : "-",
        };
    }

    private static double Flops(ReferenceWorkload w)
    {
        lock (FlopCache)
        {
            if (FlopCache.TryGetValue(w.Id, out var f)) return f;
            f = Workflows.Bench.WorkloadRunner.FlopsFor(w).Total;
            return FlopCache[w.Id] = f;
        }
    }

    /// <inheritdoc />
    public override string ToString() => ColumnName;
}
