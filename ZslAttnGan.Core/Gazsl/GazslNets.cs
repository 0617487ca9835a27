using ZslAttnGan.Nn;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>Builds GAZSL's critic <c>_netD</c> as a <see cref="ZslDiscriminator"/> (same layers: shared Linear →
/// hidden + ReLU, a raw score head → 1, a class head → seen classes) with the reference's init.</summary>
public static class GazslNets
{
    /// <summary>The critic for visual features of <paramref name="featureSize"/> and <paramref name="seenClasses"/>
    /// classes, Xavier-initialised from <paramref name="generator"/> (global generator if null).</summary>
    public static ZslDiscriminator CreateCritic(int featureSize, int seenClasses, GazslNetSizes? sizes = null, Generator? generator = null)
    {
        Guard.Positive(featureSize, nameof(featureSize));
        Guard.Positive(seenClasses, nameof(seenClasses));
        sizes ??= GazslNetSizes.Reference;
        sizes.Validate();
        var critic = new ZslDiscriminator(seenClasses, featureSize, sizes.HiddenSize);
        GazslInit.XavierNormal(critic, generator);
        return critic;
    }
}
