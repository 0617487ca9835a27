using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Zsl;

/// <summary>Realness logit [B, 1] (raw, no sigmoid) and class logits [B, classes] of a code batch.</summary>
/// <param name="Realness">The reference calls it the "fake" logit: with the BCE losses label 0 = real (image code),
/// 1 = fake (generated sentence code); with WGAN-GP it is the critic score (higher = more real).</param>
/// <param name="ClassLogits">Class logits over the seen classes.</param>
public readonly record struct ZslDiscriminatorOutput(Tensor Realness, Tensor ClassLogits);

/// <summary>The parameters of a <see cref="ZslDiscriminator"/>: hidden layer, realness head, class head.</summary>
internal readonly record struct ZslDiscriminatorWeights(Tensor HiddenWeight, Tensor HiddenBias, Tensor RealnessWeight,
    Tensor RealnessBias, Tensor ClassWeight, Tensor ClassBias);

/// <summary>
/// The ZSL discriminator (seed ZSL_D; ZSL-GAN _netD): shared Linear → hidden + ReLU, a realness head → 1 and a class
/// head → seen classes. State-dict keys: <c>shared_layers.0.*</c>, <c>fake_head.0.*</c>, <c>class_head.0.*</c>.
/// </summary>
public sealed class ZslDiscriminator : nn.Module<Tensor, ZslDiscriminatorOutput>, Components.IZslCritic
{
    private readonly Sequential shared_layers;
    private readonly Sequential fake_head;
    private readonly Sequential class_head;

    /// <summary>Creates the discriminator with PyTorch's default init.</summary>
    /// <param name="classes">Number of (seen) classes the class head predicts.</param>
    /// <param name="inFeatures">Code size (the condition size, 256).</param>
    /// <param name="hidden">Shared layer width (4096 in both references).</param>
    public ZslDiscriminator(int classes, int inFeatures = 256, int hidden = 4096) : base(nameof(ZslDiscriminator))
    {
        Guard.Positive(classes, nameof(classes));
        Guard.Positive(inFeatures, nameof(inFeatures));
        Guard.Positive(hidden, nameof(hidden));
        Classes = classes;
        InFeatures = inFeatures;
        shared_layers = nn.Sequential(nn.Linear(inFeatures, hidden), nn.ReLU());
        fake_head = nn.Sequential(nn.Linear(hidden, 1));
        class_head = nn.Sequential(nn.Linear(hidden, classes));
        RegisterComponents();
    }

    /// <summary>Number of classes of the class head.</summary>
    public int Classes { get; }

    /// <summary>Size of the codes it reads.</summary>
    public int InFeatures { get; }

    /// <summary>Re-initialises every layer with PyTorch's defaults drawn from <paramref name="generator"/>.</summary>
    public void ResetParameters(Generator generator) => Initialization.DefaultInit.Reset(this, generator);

    /// <inheritdoc />
    ZslDiscriminatorOutput Components.IZslCritic.Critique(Tensor codes) => forward(codes);

    /// <summary>Scores codes [B, InFeatures].</summary>
    public override ZslDiscriminatorOutput forward(Tensor codes)
    {
        Guard.Shape(codes, nameof(codes), $"[B, {InFeatures}]", -1, InFeatures);
        Guard.Floating(codes, nameof(codes));
        var h = shared_layers.forward(codes);
        return new ZslDiscriminatorOutput(fake_head.forward(h), class_head.forward(h));
    }

    /// <summary>The layers' tensors, for steps that compute the critic's gradients in closed form
    /// (<see cref="Gazsl.GazslFusedCriticStep"/>).</summary>
    internal ZslDiscriminatorWeights Weights => new(
        ((Linear)shared_layers[0]).weight!, ((Linear)shared_layers[0]).bias!,
        ((Linear)fake_head[0]).weight!, ((Linear)fake_head[0]).bias!,
        ((Linear)class_head[0]).weight!, ((Linear)class_head[0]).bias!);

    /// <summary>Only the realness score (used by the gradient penalty): the class head is not run.</summary>
    public Tensor Realness(Tensor codes)
    {
        Guard.Shape(codes, nameof(codes), $"[B, {InFeatures}]", -1, InFeatures);
        Guard.Floating(codes, nameof(codes));
        return fake_head.forward(shared_layers.forward(codes));
    }
}
