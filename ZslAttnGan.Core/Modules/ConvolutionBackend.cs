using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace ZslAttnGan.Modules;

/// <summary>How CPU convolutions are computed: oneDNN (libtorch's default, fastest), libtorch's native kernels, or
/// oneDNN only after a check that it computes correctly on this machine.</summary>
public enum ConvolutionBackendPolicy
{
    /// <summary>Check oneDNN once per process against float64 on the convolution shapes it was seen to get wrong; keep it
    /// when it is right, switch to the native kernels when it is not. The default.</summary>
    Auto,

    /// <summary>Always oneDNN, unchecked.</summary>
    OneDnn,

    /// <summary>Always libtorch's native kernels (correct everywhere seen, 2–9× slower per convolution).</summary>
    Native,
}

/// <summary>
/// Guards against wrong CPU convolutions in the oneDNN build that TorchSharp 0.107's libtorch 2.10 carries. On an AMD
/// Zen 5 its AVX-512 kernels returned wrong outputs or input gradients for some shapes (an NCHW 40 → 40 3×3 convolution
/// and a channels-last 64 → 80 1×1 one at 73×73 in every call, errors of order 1; NaN now and then), its AVX2 kernels
/// one shape (see <see cref="Convolution2d"/>), while the native kernels and float64 agreed everywhere. Where that
/// happens nothing fails: a GAN trains on garbage gradients. So before the first convolution layer is built the
/// library runs a short check (a few small convolutions, forward and backward, twice each, against float64; well under
/// a second) and turns oneDNN off for this process when any result is wrong. <c>ZSLATTNGAN_CONV_BACKEND</c>
/// (<c>auto</c>, <c>onednn</c>, <c>native</c>) or <see cref="Use"/> overrides the policy. On such a machine, starting the
/// process with <c>ONEDNN_MAX_CPU_ISA=AVX2</c> kept oneDNN correct (with <see cref="Convolution2d"/>'s layout rule) and
/// faster than the native kernels.
/// </summary>
public static class ConvolutionBackend
{
    private static readonly object Gate = new();
    private static bool _settled;

    /// <summary>Environment variable that sets the policy: <c>auto</c>, <c>onednn</c> or <c>native</c>.</summary>
    public const string EnvironmentVariable = "ZSLATTNGAN_CONV_BACKEND";

    /// <summary>The policy in force (from <see cref="EnvironmentVariable"/> until <see cref="Use"/> is called).</summary>
    public static ConvolutionBackendPolicy Policy { get; private set; } = PolicyFromEnvironment();

    /// <summary>True while libtorch uses oneDNN for CPU convolutions.</summary>
    public static bool OneDnnEnabled { get; private set; } = true;

    /// <summary>What the check found (null before it ran, or when the policy skipped it).</summary>
    public static string? CheckResult { get; private set; }

    /// <summary>Applies the policy once per process (the check runs at most once); called by every convolution layer's
    /// constructor, so users need not call it.</summary>
    public static void EnsureApplied()
    {
        if (_settled) return;
        lock (Gate)
        {
            if (_settled) return;
            Apply(Policy);
            _settled = true;
        }
    }

    /// <summary>Sets the policy for this process and applies it now (running the check for <see cref="ConvolutionBackendPolicy.Auto"/>).</summary>
    /// <exception cref="PlatformNotSupportedException">oneDNN must be turned off but libtorch's switch could not be found.</exception>
    public static void Use(ConvolutionBackendPolicy policy)
    {
        lock (Gate)
        {
            Policy = policy;
            Apply(policy);
            _settled = true;
        }
    }

    private static void Apply(ConvolutionBackendPolicy policy)
    {
        switch (policy)
        {
            case ConvolutionBackendPolicy.OneDnn:
                SetOneDnn(true);
                CheckResult = null;
                break;
            case ConvolutionBackendPolicy.Native:
                SetOneDnn(false);
                CheckResult = null;
                break;
            default:
                SetOneDnn(true);
                var wrong = OneDnnCheck.FirstWrongResult();
                CheckResult = wrong is null ? "oneDNN convolutions agree with float64" : $"oneDNN computed a wrong {wrong}; using libtorch's native convolutions";
                if (wrong is not null)
                {
                    SetOneDnn(false);
                    Console.Error.WriteLine($"ZslAttnGan: {CheckResult} (slower; starting the process with ONEDNN_MAX_CPU_ISA=AVX2 may keep oneDNN correct; {EnvironmentVariable}=onednn skips this check).");
                }
                break;
        }
    }

    private static ConvolutionBackendPolicy PolicyFromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value)) return ConvolutionBackendPolicy.Auto;
        return value.Trim().ToLowerInvariant() switch
        {
            "auto" => ConvolutionBackendPolicy.Auto,
            "onednn" or "mkldnn" => ConvolutionBackendPolicy.OneDnn,
            "native" => ConvolutionBackendPolicy.Native,
            _ => throw new InvalidOperationException($"{EnvironmentVariable}='{value}' is not a convolution backend; use auto, onednn or native."),
        };
    }

    private static void SetOneDnn(bool enabled)
    {
        if (OneDnnEnabled == enabled) return;
        LibTorchContext.SetEnabled(LibTorchContext.Mkldnn, enabled);
        // Without oneDNN libtorch tries NNPACK for some convolutions; on CPUs it does not support it prints "Could not
        // initialize NNPACK! Reason: Unsupported hardware." on every such call. Its own im2col kernels serve instead.
        LibTorchContext.SetEnabled(LibTorchContext.Nnpack, enabled);
        OneDnnEnabled = enabled;
    }

    /// <summary>at::globalContext().setUserEnabledMkldnn/NNPACK(bool), which TorchSharp does not expose: looked up by
    /// their mangled names (Itanium ABI on Linux and macOS, MSVC on Windows) and called with the context as <c>this</c>.</summary>
    private static class LibTorchContext
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate IntPtr GlobalContextFn();

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void SetEnabledFn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        public static readonly string[] Mkldnn = ["_ZN2at7Context20setUserEnabledMkldnnEb", "?setUserEnabledMkldnn@Context@at@@QEAAX_N@Z"];
        public static readonly string[] Nnpack = ["_ZN2at7Context20setUserEnabledNNPACKEb", "?setUserEnabledNNPACK@Context@at@@QEAAX_N@Z"];

        public static void SetEnabled(string[] setter, bool enabled)
        {
            _ = torch.zeros(1); // loads libtorch through TorchSharp first
            foreach (var library in new[] { "libtorch_cpu", "torch_cpu", "libtorch_cpu.so", "libtorch_cpu.dylib" })
            {
                if (!NativeLibrary.TryLoad(library, typeof(torch).Assembly, null, out var handle)) continue;
                if (TryExport(handle, ["_ZN2at13globalContextEv", "?globalContext@at@@YAAEAVContext@1@XZ"], out var global) &&
                    TryExport(handle, setter, out var set))
                {
                    var context = Marshal.GetDelegateForFunctionPointer<GlobalContextFn>(global)();
                    Marshal.GetDelegateForFunctionPointer<SetEnabledFn>(set)(context, enabled);
                    return;
                }
            }
            throw new PlatformNotSupportedException($"libtorch's switch {setter[0]} was not found in libtorch_cpu; " +
                $"start the process with ONEDNN_MAX_CPU_ISA=AVX2, or set {EnvironmentVariable}=onednn to run unchecked.");
        }

        private static bool TryExport(IntPtr handle, string[] names, out IntPtr address)
        {
            foreach (var name in names)
                if (NativeLibrary.TryGetExport(handle, name, out address)) return true;
            address = IntPtr.Zero;
            return false;
        }
    }
}
