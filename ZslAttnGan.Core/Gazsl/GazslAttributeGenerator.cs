using TorchSharp.Modules;
using ZslAttnGan.Nn;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// GAZSL's GBU generator <c>_netG_att</c>: no text-reduction layer; [z, attribute] → hidden → LeakyReLU(0.01) →
/// feature → Tanh. State-dict keys are the reference's: <c>main.0.*</c>, <c>main.2.*</c>.
/// </summary>
public sealed class GazslAttributeGenerator : nn.Module<Tensor, Tensor, Tensor>, IGazslGenerator
{
    private readonly Sequential main;

    /// <summary>Builds the generator, Xavier-initialised from <paramref name="generator"/> (global generator if null).</summary>
    /// <param name="attributeSize">Size of the class attribute vector.</param>
    /// <param name="featureSize">Size of the visual feature.</param>
    /// <param name="sizes">Noise and hidden sizes (<see cref="GazslNetSizes.ReducedTextSize"/> is not used).</param>
    /// <param name="generator">Random source of the initial weights.</param>
    public GazslAttributeGenerator(int attributeSize, int featureSize, GazslNetSizes? sizes = null, Generator? generator = null)
        : base(nameof(GazslAttributeGenerator))
    {
        Guard.Positive(attributeSize, nameof(attributeSize));
        Guard.Positive(featureSize, nameof(featureSize));
        sizes ??= GazslNetSizes.Reference;
        sizes.Validate();
        ConditionSize = attributeSize;
        NoiseSize = sizes.NoiseSize;
        FeatureSize = featureSize;
        main = nn.Sequential(
            nn.Linear(sizes.NoiseSize + attributeSize, sizes.HiddenSize),
            new LeakyRelu(0.01),
            nn.Linear(sizes.HiddenSize, featureSize),
            nn.Tanh());
        RegisterComponents();
        GazslInit.XavierNormal(this, generator);
    }

    /// <inheritdoc />
    public int ConditionSize { get; }

    /// <inheritdoc />
    public int NoiseSize { get; }

    /// <inheritdoc />
    public int FeatureSize { get; }

    /// <inheritdoc />
    public Tensor? TextReductionWeight => null;

    /// <inheritdoc />
    public Tensor Generate(Tensor conditions, Tensor noise) => forward(conditions, noise);

    /// <inheritdoc />
    public void ResetParameters(Generator generator) => GazslInit.XavierNormal(this, generator);

    /// <summary>Generates features [B, FeatureSize] from attributes [B, ConditionSize] and noise [B, NoiseSize].</summary>
    public override Tensor forward(Tensor attributes, Tensor noise)
    {
        Guard.Shape(attributes, nameof(attributes), $"[B, {ConditionSize}]", -1, ConditionSize);
        Guard.Floating(attributes, nameof(attributes));
        Guard.Shape(noise, nameof(noise), $"[{attributes.shape[0]}, {NoiseSize}]", attributes.shape[0], NoiseSize);
        Guard.Floating(noise, nameof(noise));
        using var joined = cat(new[] { noise, attributes }, 1);
        return main.forward(joined);
    }
}
