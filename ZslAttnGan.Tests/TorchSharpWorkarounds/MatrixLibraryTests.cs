using System.Runtime.InteropServices;
using ZslAttnGan.Tests.Packaging;
using ZslAttnGan.TorchSharpWorkarounds;

namespace ZslAttnGan.Tests.TorchSharpWorkarounds;

public class MatrixLibraryTests
{
    [Fact]
    public void OnceLibtorchIsLoadedTheChoiceIsRefusedWithTheReasonAndNothingChanges()
    {
        using (var t = ones(2, 2)) Assert.Equal(2, t.matmul(t)[0, 0].item<float>());   // libtorch is loaded now
        Assert.False(MatrixLibrary.TryUse(out var reason));
        Assert.Contains("before the first TorchSharp call", reason);
        Assert.Equal(MatrixLibraryKind.Bundled, MatrixLibrary.Active);
        var e = Assert.Throws<InvalidOperationException>(() => MatrixLibrary.Apply("openblas", "bundled"));
        Assert.Contains(MatrixLibrary.EnvironmentVariable + "=openblas", e.Message);
        Assert.Contains("libtorch's bundled oneMKL", MatrixLibrary.Apply("auto", "bundled"));
        Assert.Null(MatrixLibrary.Apply(null, "bundled"));
        Assert.Null(MatrixLibrary.Apply(" MKL ", "auto"));
        Assert.Null(MatrixLibrary.OpenBlasThreads);
        int before = get_num_threads();
        MatrixLibrary.SetThreads(1);
        Assert.Equal(1, get_num_threads());
        MatrixLibrary.SetThreads(before);
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixLibrary.SetThreads(0));
        e = Assert.Throws<InvalidOperationException>(() => MatrixLibrary.Apply("atlas", "bundled"));
        Assert.Contains("bundled, openblas or auto", e.Message);
    }

    /// <summary>In a fresh process (the CLI), OpenBLAS loaded before libtorch takes over its matrix products: oneMKL's
    /// verbose mode, which logs every oneMKL GEMM, then logs no plain SGEMM (batched products, which OpenBLAS has no entry point for, stay with oneMKL).</summary>
    [RequiresOpenBlasFact]
    public void InAFreshProcessOpenBlasTakesOverLibtorchsMatrixProducts()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "zsl-attngan.dll");
        foreach (var (choice, expected, mklCalls) in new[] { ("openblas", "OpenBlas BLAS (1 threads), 1 threads", false), ("bundled", "Bundled BLAS, 1 threads", true) })
        {
            var (exit, output) = DotnetCli.Run(AppContext.BaseDirectory, TimeSpan.FromMinutes(3),
                new Dictionary<string, string> { [MatrixLibrary.EnvironmentVariable] = choice, ["MKL_VERBOSE"] = "1" },
                cli, "gazsl", "bench", "--iterations", "1", "--batch-size", "8", "--threads", "1");
            Assert.True(exit == 0, output);
            Assert.Contains(expected, output);
            Assert.Equal(mklCalls, output.Contains("MKL_VERBOSE SGEMM(", StringComparison.Ordinal));
        }
    }
}

/// <summary>A fact that needs Linux and the system's OpenBLAS (<c>libopenblas.so.0</c>; .ci/run installs
/// libopenblas0-pthread); skipped with the reason elsewhere.</summary>
public sealed class RequiresOpenBlasFactAttribute : FactAttribute
{
    public RequiresOpenBlasFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "the system OpenBLAS is only wired in on Linux";
        else if (!NativeLibrary.TryLoad("libopenblas.so.0", out var handle)) Skip = "libopenblas.so.0 is not installed (apt-get install libopenblas0-pthread)";
        else NativeLibrary.Free(handle);
    }
}
