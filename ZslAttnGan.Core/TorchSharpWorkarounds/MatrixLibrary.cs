using System.Runtime.InteropServices;

namespace ZslAttnGan.TorchSharpWorkarounds;

/// <summary>Which BLAS computes libtorch's CPU matrix products (<c>linear</c>, <c>matmul</c>, <c>addmm</c>).</summary>
public enum MatrixLibraryKind
{
    /// <summary>The Intel oneMKL that libtorch carries (the default).</summary>
    Bundled,

    /// <summary>The system's OpenBLAS (<c>libopenblas.so.0</c>; Debian/Ubuntu: <c>apt-get install libopenblas0-pthread</c>).</summary>
    OpenBlas,
}

/// <summary>
/// Routes libtorch's matrix products to the system's OpenBLAS instead of its bundled oneMKL. oneMKL picks its kernels by
/// CPU vendor: on AMD CPUs its single-precision GEMM ran at 110–170 GFLOP/s on 2 Zen 5 cores where OpenBLAS ran
/// the same [1000 × 3584] · [3584 × 4096] product at 185–199 (docs/gazsl.md, "Speed"). Models made of large linear
/// layers (GAZSL) gain that much; convolutions (oneDNN) are unaffected.
/// </summary>
/// <remarks>
/// libtorch calls the BLAS through the standard <c>sgemm_</c>/<c>dgemm_</c> entry points, bound when first called, and
/// the dynamic linker looks in libraries loaded globally before the library's own copy. So OpenBLAS must be loaded with
/// <c>RTLD_GLOBAL</c> before libtorch is: call <see cref="TryUse"/> before the first TorchSharp call of the process (the
/// CLI does it from <c>ZSLATTNGAN_BLAS</c>). The choice holds for the whole process and cannot be undone. Results differ
/// from oneMKL's by float rounding (sums are ordered differently), so bit-identical reruns need the same library.
/// OpenBLAS sizes its own thread pool from <c>OPENBLAS_NUM_THREADS</c> (or <c>OMP_NUM_THREADS</c>, else every core) when
/// it loads; libtorch's <c>set_num_threads</c> does not reach it, <see cref="SetThreads"/> sets both. Unless <c>OPENBLAS_THREAD_TIMEOUT</c> is set,
/// <see cref="TryUse"/> sets it to 4 (idle OpenBLAS threads go to sleep quickly instead of spinning on the cores
/// libtorch's threads need). Linux only.
/// </remarks>
public static class MatrixLibrary
{
    private const int RtldLazy = 0x001, RtldNow = 0x002, RtldNoLoad = 0x004, RtldGlobal = 0x100;
    private static readonly object Gate = new();
    private const string ThreadTimeoutVariable = "OPENBLAS_THREAD_TIMEOUT";

    /// <summary>Environment variable the CLI reads: <c>bundled</c>, <c>openblas</c> or <c>auto</c> (OpenBLAS when it is
    /// installed).</summary>
    public const string EnvironmentVariable = "ZSLATTNGAN_BLAS";

    /// <summary>The library in use (as far as this class decided it).</summary>
    public static MatrixLibraryKind Active { get; private set; } = MatrixLibraryKind.Bundled;

    /// <summary>Loads the system's OpenBLAS globally so that libtorch's matrix products use it.</summary>
    /// <param name="reason">Why it did not (null on success).</param>
    /// <returns>True when OpenBLAS is (now or already) in use.</returns>
    public static bool TryUse(out string? reason)
    {
        lock (Gate)
        {
            reason = null;
            if (Active == MatrixLibraryKind.OpenBlas) return true;
            if (!OperatingSystem.IsLinux())
            {
                reason = "the system OpenBLAS is only wired in on Linux";
                return false;
            }
            if (IsLoaded("libtorch_cpu.so"))
            {
                reason = "libtorch is already loaded; choose the matrix library before the first TorchSharp call of the process";
                return false;
            }
            // OpenBLAS's idle threads spin for a while after each product, on the cores libtorch's own threads need
            // for the element-wise work in between; a short spin measured 4 % faster GAZSL iterations on 2 cores. It
            // reads the setting when it loads, so it goes into the native environment first (unless the user set it).
            if (Environment.GetEnvironmentVariable(ThreadTimeoutVariable) is null) setenv(ThreadTimeoutVariable, "4", 0);
            var handle = dlopen("libopenblas.so.0", RtldNow | RtldGlobal);
            if (handle == IntPtr.Zero)
            {
                reason = "libopenblas.so.0 was not found (Debian/Ubuntu: apt-get install libopenblas0-pthread)";
                return false;
            }
            Active = MatrixLibraryKind.OpenBlas;
            return true;
        }
    }

    /// <summary>The number of threads the system OpenBLAS computes with, or null while the bundled oneMKL is in use
    /// (which follows libtorch's <c>set_num_threads</c>).</summary>
    public static int? OpenBlasThreads => Active == MatrixLibraryKind.OpenBlas ? openblas_get_num_threads() : null;

    /// <summary>Sets libtorch's intra-op thread count and, when OpenBLAS is in use, OpenBLAS's to
    /// <paramref name="openBlasThreads"/> or else the same number (libtorch's setting does not reach OpenBLAS, which
    /// otherwise keeps one thread per core).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive.</exception>
    public static void SetThreads(int threads, int? openBlasThreads = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (openBlasThreads is { } n) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n, nameof(openBlasThreads));
        TorchSharp.torch.set_num_threads(threads);
        if (Active == MatrixLibraryKind.OpenBlas) openblas_set_num_threads(openBlasThreads ?? threads);
    }

    /// <summary>Applies <see cref="EnvironmentVariable"/> (or <paramref name="fallback"/> when it is unset):
    /// <c>openblas</c> demands OpenBLAS, <c>auto</c> takes it when available, <c>bundled</c> keeps oneMKL.</summary>
    /// <returns>A note for the user when the choice could not be honoured, else null.</returns>
    /// <exception cref="InvalidOperationException"><c>openblas</c> was asked for and cannot be used; or the value is unknown.</exception>
    public static string? ApplyFromEnvironment(string fallback = "bundled") =>
        Apply(Environment.GetEnvironmentVariable(EnvironmentVariable), fallback);

    internal static string? Apply(string? value, string fallback)
    {
        var choice = string.IsNullOrWhiteSpace(value) ? fallback : value.Trim().ToLowerInvariant();
        switch (choice)
        {
            case "bundled" or "mkl":
                return null;
            case "openblas":
                if (!TryUse(out var reason)) throw new InvalidOperationException($"{EnvironmentVariable}=openblas: {reason}.");
                return null;
            case "auto":
                return TryUse(out var why) ? null : $"matrix products use libtorch's bundled oneMKL ({why})";
            default:
                throw new InvalidOperationException($"{EnvironmentVariable} is '{value}'; use bundled, openblas or auto.");
        }
    }

    private static bool IsLoaded(string soname)
    {
        var handle = dlopen(soname, RtldLazy | RtldNoLoad);
        if (handle == IntPtr.Zero) return false;
        dlclose(handle);
        return true;
    }

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern IntPtr dlopen([MarshalAs(UnmanagedType.LPUTF8Str)] string file, int mode);

    [DllImport("libopenblas.so.0")]
    private static extern void openblas_set_num_threads(int threads);

    [DllImport("libopenblas.so.0")]
    private static extern int openblas_get_num_threads();

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "dlclose")]
    private static extern int dlclose(IntPtr handle);
}
