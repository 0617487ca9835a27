using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace ZslAttnGan.TorchSharpWorkarounds;

/// <summary>How CPU convolutions are computed: oneDNN (libtorch's default, fastest), libtorch's native kernels, or
/// oneDNN only after a check that it computes correctly on this machine.</summary>
public enum ConvolutionBackendPolicy
{
    /// <summary>Cap oneDNN at AVX2 (Linux, unless <c>ONEDNN_MAX_CPU_ISA</c> is set), check it once per process against
    /// float64 on the convolution shapes it was seen to get wrong, keep it when it is right and switch to the native
    /// kernels when it is not. The default.</summary>
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
/// one shape (see <see cref="Nn.Convolution2d"/>), while the native kernels and float64 agreed everywhere. Where that
/// happens nothing fails: a GAN trains on garbage gradients. So before the first convolution layer is built the
/// library runs a short check (a few small convolutions, forward and backward, twice each, against float64; well under
/// a second) and turns oneDNN off for this process when any result is wrong; before it, unless the process set
/// <c>ONEDNN_MAX_CPU_ISA</c>, it caps oneDNN at AVX2, which was right on that machine and nearly as fast.
/// <c>ZSLATTNGAN_CONV_BACKEND</c> (<c>auto</c>, <c>onednn</c>, <c>native</c>) or <see cref="Use"/> overrides the policy.
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
        DisableNnpack();
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
                IsaCap = CapOneDnnIsa();
                var wrong = OneDnnCheck.FirstWrongResult();
                var isa = IsaCap is null ? "" : $" (capped at {IsaCap})";
                CheckResult = wrong is null ? $"oneDNN convolutions{isa} agree with float64" : $"oneDNN{isa} computed a wrong {wrong}; using libtorch's native convolutions";
                if (wrong is not null)
                {
                    SetOneDnn(false);
                    Console.Error.WriteLine($"ZslAttnGan: {CheckResult} (about 2x slower; a lower ONEDNN_MAX_CPU_ISA in the environment, e.g. AVX, may keep oneDNN correct; {EnvironmentVariable}=onednn skips this check).");
                }
                break;
        }
    }

    /// <summary>The instruction-set cap <see cref="ConvolutionBackendPolicy.Auto"/> gave oneDNN (<c>AVX2</c>), or null when
    /// it set none (the process set <c>ONEDNN_MAX_CPU_ISA</c> itself, another policy, or not Linux).</summary>
    public static string? IsaCap { get; private set; }

    /// <summary>
    /// Auto caps oneDNN at AVX2 unless the process chose a cap: oneDNN's AVX-512 kernels were the ones wrong on most
    /// shapes on the Zen 5, its AVX2 kernels were right there with <see cref="Nn.Convolution2d"/>'s layout rule, and cost
    /// about 10 % of a Synthetic GAN step against the (wrong) AVX-512 ones, where the native kernels cost 2×. oneDNN reads
    /// the variable when it first generates a kernel, so this works only before the process's first oneDNN
    /// convolution (layers call <see cref="EnsureApplied"/> when they are built); the check that follows still guards.
    /// </summary>
    private static string? CapOneDnnIsa()
    {
        if (!OperatingSystem.IsLinux() || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IsaVariable))) return null;
        if (SetEnv(IsaVariable, "AVX2", 0) != 0) return null;
        Environment.SetEnvironmentVariable(IsaVariable, "AVX2");
        return "AVX2";
    }

    private const string IsaVariable = "ONEDNN_MAX_CPU_ISA";

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

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
        OneDnnEnabled = enabled;
    }

    private static bool _nnpackDisabled;

    /// <summary>Whether libtorch may use NNPACK (false once the policy was applied; see <see cref="EnsureApplied"/>).</summary>
    /// <exception cref="PlatformNotSupportedException">libtorch's getter could not be found.</exception>
    public static bool NnpackEnabled => LibTorchContext.GetEnabled(LibTorchContext.NnpackGetter);

    /// <summary>
    /// NNPACK off for the whole process, whatever the policy: libtorch asks it about every convolution oneDNN does not
    /// take (float64 ones, the check's references, the native policy), and on CPUs it does not support (seen on a CI
    /// machine) it prints "Could not initialize NNPACK! Reason: Unsupported hardware." on every such call — thousands
    /// of lines that buried a test run's real output. Its convolutions are not faster than oneDNN's or libtorch's own
    /// here. Best effort: a libtorch without the switch keeps NNPACK.
    /// </summary>
    private static void DisableNnpack()
    {
        if (_nnpackDisabled) return;
        _nnpackDisabled = true;
        try { LibTorchContext.SetEnabled(LibTorchContext.Nnpack, false); }
        catch (PlatformNotSupportedException) { }
    }

    /// <summary>at::globalContext().setUserEnabledMkldnn/NNPACK(bool), which TorchSharp does not expose: looked up by
    /// their mangled names (Itanium ABI on Linux and macOS, MSVC on Windows) and called with the context as <c>this</c>.</summary>
    private static class LibTorchContext
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate IntPtr GlobalContextFn();

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void SetEnabledFn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.U1)]
        private delegate bool GetEnabledFn(IntPtr context);

        public static readonly string[] Mkldnn = ["_ZN2at7Context20setUserEnabledMkldnnEb", "?setUserEnabledMkldnn@Context@at@@QEAAX_N@Z"];
        public static readonly string[] Nnpack = ["_ZN2at7Context20setUserEnabledNNPACKEb", "?setUserEnabledNNPACK@Context@at@@QEAAX_N@Z"];
        public static readonly string[] NnpackGetter = ["_ZNK2at7Context17userEnabledNNPACKEv", "?userEnabledNNPACK@Context@at@@QEBA_NXZ"];

        public static void SetEnabled(string[] setter, bool enabled)
        {
            var (context, set) = Find(setter);
            Marshal.GetDelegateForFunctionPointer<SetEnabledFn>(set)(context, enabled);
        }

        public static bool GetEnabled(string[] getter)
        {
            var (context, get) = Find(getter);
            return Marshal.GetDelegateForFunctionPointer<GetEnabledFn>(get)(context);
        }

        private static (IntPtr Context, IntPtr Function) Find(string[] function)
        {
            _ = torch.zeros(1); // loads libtorch through TorchSharp first
            foreach (var library in new[] { "libtorch_cpu", "torch_cpu", "libtorch_cpu.so", "libtorch_cpu.dylib" })
            {
                if (!NativeLibrary.TryLoad(library, typeof(torch).Assembly, null, out var handle)) continue;
                if (TryExport(handle, ["_ZN2at13globalContextEv", "?globalContext@at@@YAAEAVContext@1@XZ"], out var global) &&
                    TryExport(handle, function, out var found))
                    return (Marshal.GetDelegateForFunctionPointer<GlobalContextFn>(global)(), found);
            }
            throw new PlatformNotSupportedException($"libtorch's switch {function[0]} was not found in libtorch_cpu; " +
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
