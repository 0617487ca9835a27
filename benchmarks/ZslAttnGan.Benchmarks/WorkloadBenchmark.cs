using BenchmarkDotNet.Attributes;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Benchmarks;

/// <summary>Setup and cleanup shared by the workload benchmarks: build the workload fresh for each case, reset the
/// peak RSS before it and record the peak after it.</summary>
public abstract class WorkloadBenchmark
{
    private protected WorkloadRunner? Runner { get; private set; }

    /// <summary>The workload id (see <see cref="ReferenceWorkloads"/>).</summary>
    public abstract string Workload { get; set; }

    /// <summary>Builds the model (and trainer or pipeline) of the workload.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchmarkProcess.Configure();
        BenchmarkProcess.NormalPriority();
        ProcessMemory.Trim();
        ProcessMemory.ResetPeak();
        Runner = new WorkloadRunner(ReferenceWorkloads.Get(Workload));
    }

    /// <summary>Records the peak RSS since this case's setup and frees the model.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        PeakRssStore.Write(Workload, ProcessMemory.PeakBytes);
        Runner?.Dispose();
        Runner = null;
        ProcessMemory.Trim();
    }
}
