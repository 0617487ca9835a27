using System.Collections.Immutable;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ZslAttnGan.Benchmarks;

/// <summary>Runs cases in the order their <c>[Params]</c> are declared (BenchmarkDotNet sorts the values otherwise, so
/// "encoder-b48" would run before "encoder-b8"). All cases share one process, and each case's peak RSS carries what the
/// cases before it left, so the smallest workload goes first.</summary>
public sealed class DeclaredOrderer : IOrderer
{
    private readonly DefaultOrderer _summary = new(SummaryOrderPolicy.Declared);

    /// <inheritdoc />
    public bool SeparateLogicalGroups => _summary.SeparateLogicalGroups;

    /// <inheritdoc />
    public IEnumerable<BenchmarkCase> GetExecutionOrder(ImmutableArray<BenchmarkCase> benchmarksCase, IEnumerable<BenchmarkLogicalGroupRule>? order = null) =>
        benchmarksCase;

    /// <inheritdoc />
    public IEnumerable<BenchmarkCase> GetSummaryOrder(ImmutableArray<BenchmarkCase> benchmarksCases, Summary summary) =>
        _summary.GetSummaryOrder(benchmarksCases, summary);

    /// <inheritdoc />
    public string? GetHighlightGroupKey(BenchmarkCase benchmarkCase) => _summary.GetHighlightGroupKey(benchmarkCase);

    /// <inheritdoc />
    public string GetLogicalGroupKey(ImmutableArray<BenchmarkCase> allBenchmarksCases, BenchmarkCase benchmarkCase) =>
        _summary.GetLogicalGroupKey(allBenchmarksCases, benchmarkCase);

    /// <inheritdoc />
    public IEnumerable<IGrouping<string, BenchmarkCase>> GetLogicalGroupOrder(IEnumerable<IGrouping<string, BenchmarkCase>> logicalGroups,
        IEnumerable<BenchmarkLogicalGroupRule>? order = null) => _summary.GetLogicalGroupOrder(logicalGroups, order);
}
