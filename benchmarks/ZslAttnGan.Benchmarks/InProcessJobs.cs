using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ZslAttnGan.Benchmarks;

/// <summary>
/// Jobs run in the benchmark process itself (BenchmarkDotNet's in-process toolchain): a generated child project would
/// copy the unpatched libLibTorchSharp.so (see docs/troubleshooting.md) and would not get this repository's build
/// fix. Each case resets the process's peak RSS before it builds its model (<see cref="Workflows.Bench.ProcessMemory"/>),
/// so the peak column is per case.
/// </summary>
public static class InProcessJobs
{
    /// <summary>One invocation per iteration (seconds per call), <paramref name="warmup"/> warm-up iterations.</summary>
    public static Job Monitoring(int warmup, int iterations) => Job.Default
        .WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(warmup).WithIterationCount(iterations)
        .WithToolchain(InProcessEmitToolchain.Instance);
}

/// <summary>Config of <see cref="TrainingStepBenchmarks"/>: 1 warm-up and 5 timed steps in process.</summary>
public sealed class TrainingStepConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public TrainingStepConfig()
    {
        AddJob(InProcessJobs.Monitoring(1, 5));
        Orderer = new DeclaredOrderer();
    }
}

/// <summary>Config of <see cref="InferenceBenchmarks"/>: 2 warm-ups and 15 timed calls in process.</summary>
public sealed class InferenceConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public InferenceConfig()
    {
        AddJob(InProcessJobs.Monitoring(2, 15));
        Orderer = new DeclaredOrderer();
    }
}

/// <summary>Config of <see cref="ImagePipelineBenchmarks"/>: BenchmarkDotNet's short run, in process.</summary>
public sealed class PipelineConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public PipelineConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
}
