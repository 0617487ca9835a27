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
        using var _ = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            if (m is not Linear linear) continue;
            var w = linear.weight!;
            double std = Math.Sqrt(2.0 / (w.shape[0] + w.shape[1]));
            w.normal_(0, std, generator);
            linear.bias?.zero_();
        }
    }
}
