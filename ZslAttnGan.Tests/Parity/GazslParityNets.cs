using ZslAttnGan.Gazsl;
using ZslAttnGan.Nn;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Parity;

/// <summary>Builds GAZSL nets from a case's reference weights (sizes read from the weights' shapes) and reads their
/// parameters by reference key.</summary>
internal static class GazslParityNets
{
    /// <summary>The generator <c>_netG</c> with the weights <c>w.&lt;prefix&gt;*</c>.</summary>
    public static GazslTextGenerator Generator(ParityCase c, string prefix = "")
    {
        var w = c.Weights(prefix);
        var rdc = w["rdc_text.weight"];
        var sizes = new GazslNetSizes((int)rdc.shape[0], (int)(w["main.0.weight"].shape[1] - rdc.shape[0]), (int)w["main.0.weight"].shape[0]);
        var g = GazslTextGenerator.Create((int)rdc.shape[1], (int)w["main.2.weight"].shape[0], sizes);
        StateDicts.LoadStrict(g.Net, GazslReferenceKeys.GeneratorFromReference(w));
        return g;
    }

    /// <summary>The critic <c>_netD</c> with the weights <c>w.&lt;prefix&gt;*</c>.</summary>
    public static ZslDiscriminator Critic(ParityCase c, string prefix = "")
    {
        var w = c.Weights(prefix);
        var shared = w["D_shared.0.weight"];
        var d = GazslNets.CreateCritic((int)shared.shape[1], (int)w["D_aux.weight"].shape[0],
            new GazslNetSizes(HiddenSize: (int)shared.shape[0]));
        StateDicts.LoadStrict(d, GazslReferenceKeys.CriticFromReference(w));
        return d;
    }

    /// <summary>The reference keys of the generator and the critic, as stored under <c>w.netG.</c> / <c>w.netD.</c>.</summary>
    public static IEnumerable<string> ReferenceKeys(ParityCase c, string prefix) => c.Weights(prefix).Keys;

    /// <summary>Our generator parameter for a reference key.</summary>
    public static Tensor GeneratorParameter(GazslTextGenerator g, string referenceKey) =>
        g.Net.get_parameter(GazslReferenceKeys.GeneratorKey(referenceKey))!;

    /// <summary>Our critic parameter for a reference key.</summary>
    public static Tensor CriticParameter(ZslDiscriminator d, string referenceKey) =>
        d.get_parameter(GazslReferenceKeys.CriticKey(referenceKey))!;
}
