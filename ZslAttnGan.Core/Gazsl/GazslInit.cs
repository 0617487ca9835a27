using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>The reference's <c>weights_init</c>: every Linear weight Xavier-normal (gain 1), every bias 0.</summary>
public static class GazslInit
{
    /// <summary>Re-initialises every <see cref="Linear"/> inside <paramref name="module"/>, drawing from
    /// <paramref name="generator"/> (or the global generator when null).</summary>
    public static void XavierNormal(nn.Module module, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var (_, m) in module.named_modules())
            if (m is Linear linear) Initialization.DefaultInit.XavierNormal(linear, generator);
    }
}
