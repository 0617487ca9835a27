using System.Globalization;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>What a timing depends on, printed above every table: the CPU, its vector instructions, the instruction set
/// oneDNN may use, the thread count, the load when the run started, and the measured float32 matrix-product rate at that
/// thread count, and the float32 FMA ceiling at that thread count (<see cref="FmaCeiling"/>), against which utilisation is
/// stated.</summary>
/// <param name="CpuModel">The model name from /proc/cpuinfo with its x86 family and model numbers (<see cref="CpuName"/>), or the processor count elsewhere.</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="VectorIsa">The widest FMA vectors the CPU runs.</param>
/// <param name="OneDnnIsa">The cap on oneDNN's kernels (<c>ONEDNN_MAX_CPU_ISA</c>), or "oneDNN's own choice".</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="LoadAverage">The 1-, 5- and 15-minute load averages at the start (Linux), else empty.</param>
/// <param name="MatmulGflops">libtorch's float32 2048² matrix product at <paramref name="Threads"/> threads, GFLOP/s.</param>
/// <param name="FmaCeilingGflops">The float32 FMA ceiling at <paramref name="Threads"/> threads for the widest vectors
/// the CPU has, GFLOP/s; NaN where it cannot be measured (no x86 FMA).</param>
/// <param name="Fma256CeilingGflops">The same for 256-bit vectors (the AVX2 kernels oneDNN runs when capped at AVX2).</param>
/// <param name="AtenKernels">The kernel family libtorch runs its element-wise operations with (<c>AVX2</c>, <c>AVX512</c>; see
/// <see cref="ZslAttnGan.TorchSharpWorkarounds.CpuKernelIsa"/>).</param>
public sealed record MachineProfile(string CpuModel, int Cores, string VectorIsa, string OneDnnIsa, int Threads, string LoadAverage,
    double MatmulGflops, double FmaCeilingGflops, double Fma256CeilingGflops, string AtenKernels = "unknown")
{
    /// <summary>Reads the machine and measures the matrix-product rate and the FMA ceiling at libtorch's current thread
    /// count (about 2 s in all).</summary>
    public static MachineProfile Measure()
    {
        string model = CpuName.Describe();
        string load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
        // The convolution policy sets oneDNN's cap when the first layer is built: settle it first, or the line would
        // describe a process that has not decided yet.
        ZslAttnGan.TorchSharpWorkarounds.ConvolutionBackend.EnsureApplied();
        string oneDnn = !ZslAttnGan.TorchSharpWorkarounds.ConvolutionBackend.OneDnnEnabled
            ? "off (libtorch's native convolutions)"
            : Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is { Length: > 0 } cap ? cap : "oneDNN's own choice";
        int threads = get_num_threads();
        string isa = System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "AVX-512F" : System.Runtime.Intrinsics.X86.Fma.IsSupported ? "AVX2 + FMA" : "no FMA";
        double avx2 = FmaCeiling.Measure(threads, 256);   // NaN without x86 FMA
        // Where wider vectors run at half rate (Zen 4's AVX-512) both widths measure alike; the ceiling is the better.
        double ceiling = FmaCeiling.WidestVectorBits == 512 ? Math.Max(FmaCeiling.Measure(threads, 512), avx2) : avx2;
        return new MachineProfile(model, Environment.ProcessorCount, isa, oneDnn, threads, load, MatmulPeak.Measure(), ceiling, avx2,
            ZslAttnGan.TorchSharpWorkarounds.CpuKernelIsa.Active ?? "unknown");
    }

    /// <summary>One line for the console and the docs.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{CpuModel}, {Cores} logical processors, {VectorIsa}; oneDNN ISA cap: {OneDnnIsa}; libtorch CPU kernels: {AtenKernels}; {Threads} libtorch threads; " +
        $"load average at start {(LoadAverage.Length > 0 ? LoadAverage : "n/a")}; at {Threads} threads: float32 FMA ceiling {Ceiling()}, " +
        $"matrix product {MatmulGflops:F1} GFLOP/s.");

    private string Ceiling() => double.IsNaN(FmaCeilingGflops)
        ? "not measurable (no x86 FMA)"
        : FmaCeilingGflops == Fma256CeilingGflops || double.IsNaN(Fma256CeilingGflops)
            ? string.Create(CultureInfo.InvariantCulture, $"{FmaCeilingGflops:F1} GFLOP/s")
            : string.Create(CultureInfo.InvariantCulture, $"{FmaCeilingGflops:F1} GFLOP/s ({Fma256CeilingGflops:F1} with 256-bit vectors)");

    /// <summary>The rate utilisation is stated against: the FMA ceiling, or the matrix product where the ceiling
    /// cannot be measured.</summary>
    public double CeilingGflops => double.IsNaN(FmaCeilingGflops) ? MatmulGflops : FmaCeilingGflops;

    /// <summary>A rate as a share of the FMA ceiling (<see cref="CeilingGflops"/>). Nothing can run above the ceiling,
    /// so a share above 100 % means the analytic FLOP count is too high for what ran; it is shown as such, never
    /// capped.</summary>
    public string Utilisation(double gflops)
    {
        double share = gflops / CeilingGflops;
        var text = share.ToString("P0", CultureInfo.InvariantCulture);
        return share > 1 ? $"{text} (above the FMA ceiling: the FLOP count is wrong)" : text;
    }
}
