using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>The machine's float32 fused multiply-add ceiling: what no convolution or matrix product can exceed. Each
/// thread runs 12 independent FMA chains on registers (no memory traffic), as <c>../shared/peer/fma_peak.c</c> does,
/// and the rate counts 2 FLOPs per lane per FMA.</summary>
/// <remarks>
/// The chains live in a method compiled straight to optimised code (<see cref="MethodImplOptions.AggressiveOptimization"/>):
/// with tiered compilation, on-stack replacement recompiled the loop and dropped the FMAs, and the "ceiling" came out
/// ten times too high. Multiplier and addend come in as arguments so that nothing can be folded at compile time. On
/// the Zen 5 of this project, 1 and 2 threads measured 116 and 232 GFLOP/s for 256-bit vectors, within 1 % of the gcc
/// build of fma_peak.c run just before.
/// </remarks>
public static class FmaCeiling
{
    private const int Chains = 12;

    /// <summary>The widest vectors this CPU runs FMA on: 512 (AVX-512F), 256 (AVX2 + FMA), or 0 (no x86 FMA: the
    /// ceiling cannot be measured here).</summary>
    public static int WidestVectorBits => Avx512F.IsSupported ? 512 : Fma.IsSupported ? 256 : 0;

    /// <summary>GFLOP/s of <paramref name="threads"/> threads running FMA chains on <paramref name="vectorBits"/>-bit
    /// vectors at once, the best of <paramref name="repeats"/> runs of about <paramref name="secondsPerRun"/> each.
    /// Returns <see cref="double.NaN"/> when the CPU lacks that vector width.</summary>
    public static double Measure(int threads, int vectorBits = 256, int repeats = 3, double secondsPerRun = 0.25)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(secondsPerRun);
        if (vectorBits is not (256 or 512)) throw new ArgumentOutOfRangeException(nameof(vectorBits), vectorBits, "Use 256 or 512.");
        if (vectorBits == 512 ? !Avx512F.IsSupported : !Fma.IsSupported) return double.NaN;

        // Iterations for about secondsPerRun at 4 GHz and 2 FMA per cycle: a slower core just runs longer.
        long iterations = Math.Max(1, (long)(secondsPerRun * 4e9 * 2 / Chains));
        double best = 0;
        for (int r = 0; r < repeats; r++)
            best = Math.Max(best, RunOnce(threads, vectorBits, iterations));
        return best;
    }

    private static double RunOnce(int threads, int vectorBits, long iterations)
    {
        float multiplier = 1f - 1e-7f * threads, addend = 1e-7f;
        var results = new float[threads];
        using var start = new Barrier(threads + 1);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                results[index] = vectorBits == 512
                    ? Chains512(Vector512.Create(multiplier), Vector512.Create(addend), Vector512.Create(index + 1f), iterations).ToScalar()
                    : Chains256(Vector256.Create(multiplier), Vector256.Create(addend), Vector256.Create(index + 1f), iterations).ToScalar();
            }) { IsBackground = true, Name = $"fma-ceiling-{t}" };
            workers[t].Start();
        }
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var w in workers) w.Join();
        double seconds = clock.Elapsed.TotalSeconds;
        // The results are used, so the chains cannot be dropped as dead code.
        if (results.Any(float.IsNaN)) throw new InvalidOperationException("The FMA chains produced NaN.");
        return threads * iterations * (double)Chains * (vectorBits / 32) * 2 / seconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector256<float> Chains256(Vector256<float> m, Vector256<float> c, Vector256<float> s, long iterations)
    {
        Vector256<float> a0 = s, a1 = s + c, a2 = s - c, a3 = s * m, a4 = s * m + c, a5 = s * m - c;
        Vector256<float> a6 = s + m, a7 = s - m, a8 = s * c, a9 = m, a10 = c, a11 = m + c;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c); a1 = Fma.MultiplyAdd(a1, m, c); a2 = Fma.MultiplyAdd(a2, m, c);
            a3 = Fma.MultiplyAdd(a3, m, c); a4 = Fma.MultiplyAdd(a4, m, c); a5 = Fma.MultiplyAdd(a5, m, c);
            a6 = Fma.MultiplyAdd(a6, m, c); a7 = Fma.MultiplyAdd(a7, m, c); a8 = Fma.MultiplyAdd(a8, m, c);
            a9 = Fma.MultiplyAdd(a9, m, c); a10 = Fma.MultiplyAdd(a10, m, c); a11 = Fma.MultiplyAdd(a11, m, c);
        }
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11));
    }

    // The same chains on 512-bit vectors: the two widths' FMA intrinsics share no generic form, and a helper taking
    // the FMA as a delegate would put a call in the loop the measurement must keep free of anything but FMAs.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> Chains512(Vector512<float> m, Vector512<float> c, Vector512<float> s, long iterations)
    {
        Vector512<float> a0 = s, a1 = s + c, a2 = s - c, a3 = s * m, a4 = s * m + c, a5 = s * m - c;
        Vector512<float> a6 = s + m, a7 = s - m, a8 = s * c, a9 = m, a10 = c, a11 = m + c;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, c); a1 = Avx512F.FusedMultiplyAdd(a1, m, c); a2 = Avx512F.FusedMultiplyAdd(a2, m, c);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, c); a4 = Avx512F.FusedMultiplyAdd(a4, m, c); a5 = Avx512F.FusedMultiplyAdd(a5, m, c);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, c); a7 = Avx512F.FusedMultiplyAdd(a7, m, c); a8 = Avx512F.FusedMultiplyAdd(a8, m, c);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, c); a10 = Avx512F.FusedMultiplyAdd(a10, m, c); a11 = Avx512F.FusedMultiplyAdd(a11, m, c);
        }
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11));
    }
}
