using BenchmarkDotNet.Attributes;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Benchmarks;

/// <summary>The training workloads: one encoder-phase step (batch 8 and 48) and one GAN-phase step (batch 8 with
/// 3 branches, batch 16 with 2), seed bird config, random weights, synthetic inputs. One invocation per iteration
/// (a step takes seconds), one warm-up iteration, each case in its own process.</summary>
[Config(typeof(TrainingStepConfig))]
public class TrainingStepBenchmarks
{
    private WorkloadRunner? _runner;

    /// <summary>The workload id (see <see cref="ReferenceWorkloads"/>).</summary>
    [Params("encoder-b8", "encoder-b48", "gan-b8", "gan-b16-2br")]
    public string Workload { get; set; } = "encoder-b8";

    /// <summary>Builds the model, trainer and batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchmarkProcess.Configure();
        ProcessMemory.Trim();
        ProcessMemory.ResetPeak();
        _runner = new WorkloadRunner(ReferenceWorkloads.Get(Workload));
    }

    /// <summary>One training step.</summary>
    [Benchmark]
    public void Step() => _runner!.Run();

    /// <summary>Records the peak RSS since this case's setup and frees the model.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        PeakRssStore.Write(Workload, ProcessMemory.PeakBytes);
        _runner?.Dispose();
        _runner = null;
        ProcessMemory.Trim();
    }
}
