namespace ZslAttnGan.TorchSharpWorkarounds;

/// <summary>
/// Runs a block with a given number of intra-op threads and restores the previous count afterwards. libtorch keeps
/// the count per OS thread (it is OpenMP's setting), so the count set here holds for the calling thread only; when
/// <see cref="MatrixLibrary"/> routes matrix products to OpenBLAS, its count is set and restored too.
/// </summary>
public static class IntraOpThreads
{
    /// <summary>Sets <paramref name="threads"/> until the returned scope is disposed; 0 or less leaves the counts alone.</summary>
    public static IDisposable Use(int threads)
    {
        if (threads <= 0) return NoChange.Instance;
        int torchThreads = TorchSharp.torch.get_num_threads();
        int? blasThreads = MatrixLibrary.OpenBlasThreads;
        if (torchThreads == threads && (blasThreads is null || blasThreads == threads)) return NoChange.Instance;
        MatrixLibrary.SetThreads(threads);
        return new Restore(torchThreads, blasThreads);
    }

    private sealed class Restore(int torchThreads, int? blasThreads) : IDisposable
    {
        public void Dispose() => MatrixLibrary.SetThreads(torchThreads, blasThreads);
    }

    private sealed class NoChange : IDisposable
    {
        public static readonly NoChange Instance = new();

        public void Dispose() { }
    }
}
