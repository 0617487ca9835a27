using System.Diagnostics;
using ZslAttnGan.Gazsl;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>Sizes of <see cref="GazslBench"/>: the original's CUB-easy run by default (TF-IDF 7551, part features 3584,
/// 150 seen classes, batches of 1000, 8855 training rows).</summary>
public sealed record GazslBenchOptions
{
    /// <summary>Text feature size.</summary>
    public int TextSize { get; init; } = 7551;

    /// <summary>Visual feature size.</summary>
    public int FeatureSize { get; init; } = 3584;

    /// <summary>Seen classes.</summary>
    public int Classes { get; init; } = 150;

    /// <summary>Batch size.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Training rows batches are drawn from.</summary>
    public int Rows { get; init; } = 8855;

    /// <summary>Timed outer iterations after one warm-up.</summary>
    public int Iterations { get; init; } = 3;

    /// <summary>How the critic step computes its gradients (the library's default: fused).</summary>
    public GazslStepAlgorithm Algorithm { get; init; } = GazslStepAlgorithm.Fused;
}

/// <summary>Times GAZSL outer iterations (5 critic steps with the gradient penalty, 1 generator step with the centroid
/// loss and the regularisers, Adam) on random data, for <c>benchmarks/gazsl/gazsl_peer.py</c>'s same-shape run of the
/// original code.</summary>
public static class GazslBench
{
    /// <summary>GFLOP/s of one [batch × features] · [features × 4096] product (the critic's first layer), the
    /// largest matrix product of an iteration: what the machine's matrix library gives this shape.</summary>
    public static double MatmulGflops(GazslBenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var scope = NewDisposeScope();
        var a = randn(options.BatchSize, options.FeatureSize);
        var b = randn(options.FeatureSize, 4096);
        a.matmul(b).Dispose();
        var clock = Stopwatch.StartNew();
        const int repeats = 5;
        for (int i = 0; i < repeats; i++) a.matmul(b).Dispose();
        return 2.0 * options.BatchSize * options.FeatureSize * 4096 * repeats / clock.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>Seconds of every timed iteration.</summary>
    public static IReadOnlyList<double> Run(GazslBenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Iterations, 1);
        using var scope = NewDisposeScope();
        using var random = new Generator(0);
        var features = randn(new long[] { options.Rows, options.FeatureSize }, generator: random);
        var labels = randint(0, options.Classes, new long[] { options.Rows }, generator: random);
        var texts = rand(new long[] { options.Classes, options.TextSize }, generator: random);
        var centroids = randn(new long[] { options.Classes, options.FeatureSize }, generator: random);
        using var generator = GazslTextGenerator.Create(options.TextSize, options.FeatureSize, generator: random);
        using var critic = GazslNets.CreateCritic(options.FeatureSize, options.Classes, generator: random);
        using var gOptimizer = GazslSteps.CreateOptimizer(generator.Module);
        using var dOptimizer = GazslSteps.CreateOptimizer(critic);
        var steps = new GazslSteps(generator, critic, gOptimizer, dOptimizer) { Algorithm = options.Algorithm };

        GazslBatch NextBatch()
        {
            var rows = randint(0, options.Rows, new long[] { options.BatchSize }, generator: random);
            var y = labels.index_select(0, rows);
            return GazslBatch.FromClassTable(features.index_select(0, rows), y, texts);
        }

        void Iteration()
        {
            using var iterationScope = NewDisposeScope();
            steps.Iteration(NextBatch, centroids, random);
        }

        Iteration();   // warm-up
        var seconds = new List<double>();
        for (int i = 0; i < options.Iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            Iteration();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds;
    }
}
