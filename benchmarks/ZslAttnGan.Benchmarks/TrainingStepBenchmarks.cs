using BenchmarkDotNet.Attributes;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Benchmarks;

/// <summary>The training workloads: one encoder-phase step (batch 8 and 48) and one GAN-phase step (batch 8 with
/// 3 branches, batch 16 with 2), seed bird config, random weights, synthetic inputs. One invocation per iteration
/// (a step takes seconds), one warm-up iteration, all cases in this process in the declared order (smallest first).</summary>
[Config(typeof(TrainingStepConfig))]
public class TrainingStepBenchmarks : WorkloadBenchmark
{
    /// <summary>The workload id (see <see cref="ReferenceWorkloads"/>).</summary>
    [Params("encoder-b8", "encoder-b48", "gan-b8", "gan-b16-2br")]
    public override string Workload { get; set; } = "encoder-b8";

    /// <summary>One training step.</summary>
    [Benchmark]
    public void Step() => Runner!.Run();
}
