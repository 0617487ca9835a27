using BenchmarkDotNet.Attributes;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Benchmarks;

/// <summary>The inference workloads: caption → 256-px images (text encoder, ZSL sentence generator, 3-stage
/// generator, no gradients), batch 1 and 16, random weights.</summary>
[Config(typeof(InferenceConfig))]
public class InferenceBenchmarks
{
    private WorkloadRunner? _runner;

    /// <summary>The workload id (see <see cref="ReferenceWorkloads"/>).</summary>
    [Params("inference-b1", "inference-b16")]
    public string Workload { get; set; } = "inference-b1";

    /// <summary>Builds the model and pipeline.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchmarkProcess.Configure();
        ProcessMemory.Trim();
        ProcessMemory.ResetPeak();
        _runner = new WorkloadRunner(ReferenceWorkloads.Get(Workload));
    }

    /// <summary>One caption → images call.</summary>
    [Benchmark]
    public void Generate() => _runner!.Run();

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
