using TorchSharp;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>Nearest-neighbour ×2 up-sampling, <c>nn.Upsample(scale_factor=2, mode='nearest')</c>. No parameters, so it takes
/// that module's place in a <c>Sequential</c> without changing any state-dict key; unlike it, <see cref="InferenceFusion"/>
/// can merge it into the 3×3 convolution after it (<see cref="SubPixelUpsampling"/>).</summary>
public sealed class NearestUpsample : nn.Module<Tensor, Tensor>
{
    private static readonly double[] Two = [2.0, 2.0];

    /// <summary>Creates the module.</summary>
    public NearestUpsample() : base(nameof(NearestUpsample)) { }

    /// <summary>The fused convolution after this module (<see cref="InferenceFusion"/>), or null.</summary>
    internal FusedConvolution? Fusion { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4) throw new ArgumentException($"input must have shape [B, C, H, W] but has shape {Guard.Shape(input)}.", nameof(input));
        // Fused: the convolution after this one up-samples as it convolves, so it receives the small input.
        if (Fusion is { } fusion && fusion.SkipUpsample(this, input)) return input.alias();
        return nn.functional.interpolate(input, scale_factor: Two, mode: InterpolationMode.Nearest);
    }
}
