using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

using ZslAttnGan.TorchSharpWorkarounds;

namespace ZslAttnGan.Nn;

/// <summary>
/// A 2-D convolution with PyTorch's <c>Conv2d</c> state-dict keys (<c>weight</c>, and <c>bias</c> when it has one) that
/// never hands oneDNN an NCHW input whose channel counts are not multiples of 16.
/// </summary>
/// <remarks>
/// The libtorch 2.10 build inside TorchSharp 0.107 computes such convolutions wrongly on CPU: oneDNN pads the channels
/// to its 16-wide blocks and reads the padding uninitialised, so the input gradient (and for some shapes the output) is
/// garbage that changes from call to call, sometimes NaN. Measured against float64 on an AMD Zen 5 (avx512_core and
/// avx2 kernels alike): the input gradient of a 32 → 3 convolution (every image head) was wrong in every call, 8 → 8 and
/// 4 → 8 in a third of the calls, 24 → 24 wrong in forward too; channel counts that are multiples of 16, and every
/// channels-last input, were right (see <c>ConvolutionCorrectnessTests</c>). Channels-last inputs take oneDNN's NHWC
/// kernels, which do not pad, so such layers convert their input (equal values up to rounding; the output is then
/// channels-last too, which the following batch norm, GLU, upsampling and sums keep). Other shapes were wrong in
/// either layout on that machine; <see cref="ConvolutionBackend"/> checks for those once per process.
/// </remarks>
public sealed class Convolution2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly long[] _stride, _padding;

    /// <summary>Creates the layer with PyTorch's default initialisation drawn from the process-wide generator (as
    /// <c>nn.Conv2d</c> does, so the draws are the same).</summary>
    public Convolution2d(long inChannels, long outChannels, (long, long) kernel, (long, long) stride, (long, long) padding, bool hasBias)
        : base(nameof(Convolution2d))
    {
        Guard.Positive(inChannels, nameof(inChannels));
        Guard.Positive(outChannels, nameof(outChannels));
        ConvolutionBackend.EnsureApplied();
        using (var conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding, bias: hasBias))
        {
            weight = new Parameter(conv.weight!.detach().clone());
            if (hasBias) bias = new Parameter(conv.bias!.detach().clone());
        }
        InChannels = inChannels;
        OutChannels = outChannels;
        _stride = [stride.Item1, stride.Item2];
        _padding = [padding.Item1, padding.Item2];
        RegisterComponents();
    }

    /// <summary>Creates a square-kernel layer.</summary>
    public Convolution2d(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0, bool hasBias = true)
        : this(inChannels, outChannels, (kernel, kernel), (stride, stride), (padding, padding), hasBias)
    {
    }

    /// <summary>Input channels.</summary>
    public long InChannels { get; }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>The weight [out, in, kH, kW].</summary>
    public Parameter Weight => weight;

    /// <summary>The bias [out], or null.</summary>
    public Parameter? Bias => bias;

    /// <summary>True when an NCHW input would reach oneDNN's padded blocked kernels (a channel count not a multiple of
    /// 16), so the input is converted to channels-last first.</summary>
    public bool NeedsChannelsLast => NeedsChannelsLastFor(InChannels, OutChannels);

    /// <summary>The rule <see cref="NeedsChannelsLast"/> applies, for other convolutions (e.g. functional ones).</summary>
    public static bool NeedsChannelsLastFor(long inChannels, long outChannels) => inChannels % 16 != 0 || outChannels % 16 != 0;

    /// <summary>The input as a convolution over these channel counts must receive it (see the remarks).</summary>
    public static Tensor SafeInput(Tensor input, long inChannels, long outChannels) =>
        NeedsChannelsLastFor(inChannels, outChannels) && input.device_type == DeviceType.CPU ? MemoryFormats.ToChannelsLast(input) : input;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != InChannels)
            throw new ArgumentException($"input must have shape [B, {InChannels}, H, W] but has shape {Guard.Shape(input)}.", nameof(input));
        if (Fusion?.Forward(input) is { } fused) return fused;
        return nn.functional.conv2d(SafeInput(input, InChannels, OutChannels), weight, bias, strides: _stride, padding: _padding);
    }

    /// <summary>The fusion this layer is part of (<see cref="InferenceFusion"/>), or null. A plain object, not a tensor,
    /// so TorchSharp registers no buffer for it and the state dict is unchanged.</summary>
    internal FusedConvolution? Fusion { get; set; }

    /// <summary>Stride (rows, columns).</summary>
    internal long[] Strides => _stride;

    /// <summary>Padding (rows, columns).</summary>
    internal long[] Paddings => _padding;

    /// <summary>A 3×3 kernel, stride 1, padding 1: the convolution that can absorb a nearest ×2 up-sampling before it.</summary>
    internal bool IsSamePadded3x3 => weight.shape[2] == 3 && weight.shape[3] == 3 && _stride.All(v => v == 1) && _padding.All(v => v == 1);
}
