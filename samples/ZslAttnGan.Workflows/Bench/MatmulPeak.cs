using System.Diagnostics;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>Measures the float32 matrix-product rate of this machine with libtorch's current thread setting: the best
/// of several timed products of two random n × n matrices (2n³ FLOPs each), after a warm-up.</summary>
public static class MatmulPeak
{
    /// <summary>GFLOP/s of the fastest of <paramref name="repeats"/> products of size <paramref name="n"/>.</summary>
    public static double Measure(int n = 2048, int repeats = 5)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive.");
        using var scope = NewDisposeScope();
        using var g = new Generator(7);
        var a = randn(new long[] { n, n }, generator: g);
        var b = randn(new long[] { n, n }, generator: g);
        a.matmul(b).Dispose();
        double best = double.MaxValue;
        for (int i = 0; i < Math.Max(1, repeats); i++)
        {
            var clock = Stopwatch.StartNew();
            using var c = a.matmul(b);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
