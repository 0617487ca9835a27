using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// A bias-free convolution, BatchNorm2d (PyTorch defaults) and LeakyReLU(0.2). Keys: <c>conv.weight</c>, <c>bn.*</c>.
/// The defaults (3 × 3, stride 1, padding 1) keep the size (the attribute judge's stages); 4 × 4 with stride 2 and
/// padding 1 halves it (<see cref="SmallCnnBackbone"/>'s down-sampling units).
/// </summary>
public sealed class ConvBnLeakyRelu : nn.Module<Tensor, Tensor>
{
    /// <summary>The LeakyReLU negative slope.</summary>
    public const double NegativeSlope = 0.2;

    [ComponentName(Name = "conv")]
    private readonly ZslAttnGan.Nn.Convolution2d _conv;

    [ComponentName(Name = "bn")]
    private readonly ZslAttnGan.Nn.BatchNorm _bn;

    /// <summary>Creates the unit.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Square kernel side.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Zero padding on each side.</param>
    public ConvBnLeakyRelu(long inChannels, long outChannels, long kernelSize = 3, long stride = 1, long padding = 1) : base(nameof(ConvBnLeakyRelu))
    {
        _conv = new ZslAttnGan.Nn.Convolution2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, hasBias: false);
        _bn = new ZslAttnGan.Nn.BatchNorm(outChannels);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var conv = _conv.call(input);
        using var norm = _bn.call(conv);
        return norm.leaky_relu(ZslAttnGan.TorchSharpWorkarounds.Scalars.S(NegativeSlope));
    }
}
