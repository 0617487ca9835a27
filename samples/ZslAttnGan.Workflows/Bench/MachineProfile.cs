using System.Globalization;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>What a timing depends on, printed above every table: the CPU, its vector instructions, the instruction set
/// oneDNN may use, the thread count, the load when the run started, and the measured float32 matrix-product rate at that
/// thread count (a lower bound of the machine's FMA ceiling: utilisation stated against it is an upper bound).</summary>
/// <param name="CpuModel">The model name from /proc/cpuinfo (or the processor count elsewhere).</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="VectorIsa">The widest FMA vectors the CPU runs.</param>
/// <param name="OneDnnIsa">The cap on oneDNN's kernels (<c>ONEDNN_MAX_CPU_ISA</c>), or "oneDNN's own choice".</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="LoadAverage">The 1-, 5- and 15-minute load averages at the start (Linux), else empty.</param>
/// <param name="MatmulGflops">libtorch's float32 2048² matrix product at <paramref name="Threads"/> threads, GFLOP/s.</param>
public sealed record MachineProfile(string CpuModel, int Cores, string VectorIsa, string OneDnnIsa, int Threads, string LoadAverage, double MatmulGflops)
{
    /// <summary>Reads the machine and measures the matrix-product rate at libtorch's current thread count.</summary>
    public static MachineProfile Measure()
    {
        string model = $"{Environment.ProcessorCount} logical processors";
        if (File.Exists("/proc/cpuinfo"))
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? model;
        string load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
        string oneDnn = Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is { Length: > 0 } cap ? cap : "oneDNN's own choice";
        int threads = get_num_threads();
        string isa = System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "AVX-512F" : System.Runtime.Intrinsics.X86.Fma.IsSupported ? "AVX2 + FMA" : "no FMA";
        return new MachineProfile(model, Environment.ProcessorCount, isa, oneDnn, threads, load, MatmulPeak.Measure());
    }

    /// <summary>One line for the console and the docs.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{CpuModel}, {Cores} logical processors, {VectorIsa}; oneDNN ISA cap: {OneDnnIsa}; {Threads} libtorch threads; " +
        $"load average at start {(LoadAverage.Length > 0 ? LoadAverage : "n/a")}; float32 matrix product {MatmulGflops:F1} GFLOP/s at {Threads} threads.");

    /// <summary>A rate as a share of the measured matrix-product rate. The FMA ceiling is higher (the product reaches
    /// 75–90 % of it), so this overstates utilisation; a share above 100 % is shown as such with its likely reason (the
    /// analytic FLOP count is too high for what ran), never capped.</summary>
    public string Utilisation(double gflops)
    {
        double share = gflops / MatmulGflops;
        var text = share.ToString("P0", CultureInfo.InvariantCulture);
        return share > 1 ? $"{text} (above the matrix product: check the FLOP count)" : text;
    }
}
