using BenchmarkDotNet.Attributes;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Benchmarks;

/// <summary>The inference workloads: caption → 256-px images (text encoder, ZSL sentence generator, 3-stage
/// generator, no gradients), batch 1 and 16, random weights.</summary>
[Config(typeof(InferenceConfig))]
public class InferenceBenchmarks : WorkloadBenchmark
{
    /// <summary>The workload id (see <see cref="ReferenceWorkloads"/>).</summary>
    [Params("inference-b1", "inference-b16")]
    public override string Workload { get; set; } = "inference-b1";

    /// <summary>One caption → images call.</summary>
    [Benchmark]
    public void Generate() => Runner!.Run();
}
