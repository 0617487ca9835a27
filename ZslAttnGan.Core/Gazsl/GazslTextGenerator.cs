using ZslAttnGan.Zsl;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// GAZSL's CUB/NAB generator <c>_netG</c> (text → reduced by a Linear without activation, [z, reduced] → hidden →
/// LeakyReLU(0.01) → feature → Tanh): a <see cref="ZslSentenceGenerator"/> built with
/// <see cref="ZslSentenceGeneratorOptions.ZslGan"/>-style options, seen through <see cref="IGazslGenerator"/>.
/// Its state-dict keys are those of <see cref="ZslSentenceGenerator"/> (<c>input.*</c>, <c>output.0.*</c>,
/// <c>output.2.*</c>); <see cref="GazslReferenceKeys"/> maps the reference's (<c>rdc_text.*</c>, <c>main.*</c>).
/// </summary>
public sealed class GazslTextGenerator : IGazslGenerator
{
    /// <summary>Wraps an existing generator (which must concatenate the noise first, as the reference does).</summary>
    /// <exception cref="ArgumentException">The generator concatenates [text, z].</exception>
    public GazslTextGenerator(ZslSentenceGenerator net)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (!net.Options.NoiseFirst)
            throw new ArgumentException("GAZSL's generator concatenates [z, reduced text]; the given generator has NoiseFirst = false.", nameof(net));
        Net = net;
    }

    /// <summary>Builds the generator for text features of <paramref name="textSize"/> and visual features of
    /// <paramref name="featureSize"/>, Xavier-initialised from <paramref name="generator"/> (global generator if null).</summary>
    public static GazslTextGenerator Create(int textSize, int featureSize, GazslNetSizes? sizes = null, Generator? generator = null)
    {
        sizes ??= GazslNetSizes.Reference;
        sizes.Validate();
        var net = new ZslSentenceGenerator(new ZslSentenceGeneratorOptions(
            textSize, sizes.ReducedTextSize, sizes.NoiseSize, sizes.HiddenSize, featureSize, NoiseFirst: true, XavierInit: true));
        // The net's own re-initialisation is the reference's weights_init when XavierInit is set.
        if (generator is not null) net.ResetParameters(generator);
        return new GazslTextGenerator(net);
    }

    /// <summary>The wrapped module.</summary>
    public ZslSentenceGenerator Net { get; }

    /// <inheritdoc />
    public nn.Module Module => Net;

    /// <inheritdoc />
    public int ConditionSize => Net.Options.InputSize;

    /// <inheritdoc />
    public int NoiseSize => Net.Options.NoiseSize;

    /// <inheritdoc />
    public int FeatureSize => Net.Options.OutputSize;

    /// <inheritdoc />
    public Tensor? TextReductionWeight => Net.get_parameter("input.weight");

    /// <inheritdoc />
    public Tensor Generate(Tensor conditions, Tensor noise) => Net.forward(conditions, noise);

    /// <inheritdoc />
    public Tensor GenerateFromClassTable(Tensor classConditions, Tensor classIndex, Tensor noise) =>
        Net.ForwardFromClassTable(classConditions, classIndex, noise);

    /// <inheritdoc />
    public void ResetParameters(Generator generator) => Net.ResetParameters(generator);

    /// <inheritdoc />
    public void Dispose() => Net.Dispose();
}
