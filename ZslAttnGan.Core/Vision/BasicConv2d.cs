using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// The Inception-v3 unit: a bias-free convolution, BatchNorm2d with eps 1e-3, then ReLU. State-dict keys are
/// <c>conv.weight</c> and <c>bn.{weight,bias,running_mean,running_var,num_batches_tracked}</c>, as in torchvision.
/// </summary>
public sealed class BasicConv2d : nn.Module<Tensor, Tensor>
{
    /// <summary>The BatchNorm epsilon of Google's Inception-v3 weights.</summary>
    public const double BatchNormEps = 1e-3;

    [ComponentName(Name = "conv")]
    private readonly ZslAttnGan.Nn.Convolution2d _conv;

    [ComponentName(Name = "bn")]
    private readonly ZslAttnGan.Nn.BatchNorm _bn;

    /// <summary>Creates a square-kernel unit.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">Kernel size (square).</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Zero padding on every side.</param>
    public BasicConv2d(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0)
        : this(inChannels, outChannels, (kernel, kernel), (stride, stride), (padding, padding))
    {
    }

    /// <summary>Creates a unit with a rectangular kernel (the 1×7, 7×1, 1×3 and 3×1 convolutions).</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">Kernel size (height, width).</param>
    /// <param name="stride">Stride (height, width).</param>
    /// <param name="padding">Zero padding (height, width).</param>
    public BasicConv2d(long inChannels, long outChannels, (long, long) kernel, (long, long) stride, (long, long) padding)
        : base(nameof(BasicConv2d))
    {
        _conv = new ZslAttnGan.Nn.Convolution2d(inChannels, outChannels, kernel, stride, padding, hasBias: false);
        _bn = new ZslAttnGan.Nn.BatchNorm(outChannels, eps: BatchNormEps);
        RegisterComponents();
    }

    /// <summary>Output channels.</summary>
    public long OutChannels => _bn.Features;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var conv = _conv.call(input);
        // In place, as torchvision's BasicConv2d: batch norm keeps its input for backward, not its output, so the ReLU
        // may overwrite the output; one activation less per layer. Same values.
        return _bn.call(conv).relu_();
    }
}
