using System.Runtime.InteropServices;

namespace ZslAttnGan.TorchSharpWorkarounds;

/// <summary>
/// Which family of libtorch's own vectorised CPU kernels (element-wise operations, reductions, softmax, batch norm:
/// what ATen calls its "CPU capability") this process runs. libtorch picks it by the widest instruction set the CPU has
/// (AVX2 on an AMD Zen 3, AVX-512 on a Zen 4 or Zen 5), unless <c>ATEN_CPU_CAPABILITY</c> was set before the first tensor
/// operation. The quick start's report and the bench print it, because it is one reason why the same run writes other
/// bits on another CPU generation (docs/quality.md, "Where determinism ends").
/// </summary>
public static class CpuKernelIsa
{
    /// <summary>libtorch's variable: <c>default</c>, <c>avx2</c> or <c>avx512</c> on x86-64, read once per process at the
    /// first vectorised tensor operation.</summary>
    public const string EnvironmentVariable = "ATEN_CPU_CAPABILITY";

    /// <summary>The kernel family libtorch runs (<c>AVX2</c>, <c>AVX512</c>, <c>NO AVX</c>, …), asked from libtorch
    /// itself; null where it cannot be asked (not x86-64 Linux, or a libtorch build without the query). Asking fixes the
    /// choice for the process, as the first tensor operation would.</summary>
    public static string? Active
    {
        get
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
            try
            {
                _ = TorchSharp.torch.get_num_threads(); // loads libtorch the way TorchSharp does
                return ReadCapability();
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>Calls <c>std::string at::get_cpu_capability()</c>. Under the x86-64 System V ABI a function returning a
    /// <c>std::string</c> writes it into memory the caller passes as a hidden first argument; libstdc++'s string is
    /// {data pointer, length, 16-byte local buffer}, and the names returned ("AVX512", "AVX2", "NO AVX") fit the local
    /// buffer, so nothing is allocated on the heap.</summary>
    private static string? ReadCapability()
    {
        var buffer = Marshal.AllocHGlobal(64);
        try
        {
            for (int i = 0; i < 64; i += 8) Marshal.WriteInt64(buffer, i, 0);
            GetCpuCapability(buffer);
            var data = Marshal.ReadIntPtr(buffer);
            var length = Marshal.ReadInt64(buffer, 8);
            // A name longer than the local buffer would live on the heap: those few bytes are left alone rather than
            // freed with another allocator.
            return data == IntPtr.Zero || length is < 0 or > 64 ? null : Marshal.PtrToStringUTF8(data, (int)length);
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
        }
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at18get_cpu_capabilityB5cxx11Ev")]
    private static extern IntPtr GetCpuCapability(IntPtr result);
}
