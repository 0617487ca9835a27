using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Losses;

/// <summary>
/// Mode-seeking regularisation (Mao et al., CVPR 2019, MSGAN): two images generated from the same captions with
/// independent noise should differ. The term is 1 / (mean |a − b| + ε); minimising it pushes the pair apart, so the
/// generator cannot ignore its noise and give one picture per caption.
/// </summary>
/// <remarks>MSGAN divides the image distance by the distance of the two noise vectors. Here the noise is drawn inside the
/// generator (ZSL sentence noise and image noise), so the term uses the image distance alone: for independent standard
/// normal draws the expected noise distance is a constant, which only rescales the weight.</remarks>
public static class ModeSeekingLoss
{
    /// <summary>Default ε, MSGAN's.</summary>
    public const double DefaultEpsilon = 1e-5;

    /// <summary>1 / (mean |<paramref name="first"/> − <paramref name="second"/>| + <paramref name="epsilon"/>) for two
    /// batches of images generated from the same captions [B, 3, H, W].</summary>
    /// <exception cref="ArgumentException">The batches differ in shape or are not [B, 3, H, W].</exception>
    public static Tensor Compute(Tensor first, Tensor second, double epsilon = DefaultEpsilon)
    {
        Guard.Shape(first, nameof(first), "[B, 3, H, W]", -1, 3, -1, -1);
        Guard.Shape(second, nameof(second), $"[{string.Join(", ", first.shape)}]", first.shape);
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");
        using var scope = NewDisposeScope();
        return (first - second).abs().mean().Plus(epsilon).reciprocal().MoveToOuterDisposeScope();
    }
}
