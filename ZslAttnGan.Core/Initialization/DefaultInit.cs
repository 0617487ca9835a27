using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZslAttnGan.Initialization;

/// <summary>
/// PyTorch's default parameter initialisation (what each layer's <c>reset_parameters</c> draws), but from an explicit
/// <see cref="Generator"/>: TorchSharp's layer constructors draw from the process-wide generator, so two models built
/// with the same seed on different threads (or after other code drew numbers) would differ. Draws use
/// <c>Tensor.uniform_/normal_(…, generator)</c> because TorchSharp 0.107's <c>nn.init.uniform_/normal_</c> ignore their
/// generator argument.
/// </summary>
public static class DefaultInit
{
    /// <summary>Re-initialises every Linear, Conv2d, LSTM, Embedding and BatchNorm submodule of <paramref name="module"/>.</summary>
    public static void Reset(nn.Module module, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(generator);
        using var _ = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Linear linear:
                    FanInUniform(linear.weight!, linear.bias, generator);
                    break;
                case Nn.Convolution2d conv2d:
                    FanInUniform(conv2d.Weight, conv2d.Bias, generator);
                    break;
                case Conv2d conv:
                    FanInUniform(conv.weight!, conv.bias, generator);
                    break;
                case Discrimination.SpectralNormConv2d sn:
                    FanInUniform(sn.WeightOrig, sn.Bias, generator);
                    sn.ResetVectors(generator);
                    break;
                case LSTM lstm:
                    // Every LSTM weight and bias ~ U(−1/√hidden, 1/√hidden); hidden = weight_hh's column count.
                    var hidden = lstm.parameters().First(p => p.dim() == 2).shape[0] / 4;
                    double bound = 1.0 / Math.Sqrt(hidden);
                    foreach (var p in lstm.parameters()) p.uniform_(-bound, bound, generator);
                    break;
                case Embedding embedding:
                    embedding.weight!.normal_(0, 1, generator);
                    break;
                case Nn.BatchNorm bn:
                    bn.Weight.fill_(TorchSharpWorkarounds.Scalars.S(1)); bn.Bias.zero_();
                    break;
                case Nn.SynchronizedBatchNorm sbn:
                    sbn.Weight?.fill_(TorchSharpWorkarounds.Scalars.S(1)); sbn.Bias?.zero_();
                    break;
                case BatchNorm1d bn1:
                    bn1.weight?.fill_(TorchSharpWorkarounds.Scalars.S(1)); bn1.bias?.zero_();
                    break;
                case BatchNorm2d bn2:
                    bn2.weight?.fill_(TorchSharpWorkarounds.Scalars.S(1)); bn2.bias?.zero_();
                    break;
            }
        }
    }

    /// <summary>Xavier (Glorot) normal weights, std = gain·√(2 / (fan_in + fan_out)), and zero bias; drawn from
    /// <paramref name="generator"/>, or the global generator when null.</summary>
    public static void XavierNormal(Linear linear, Generator? generator, double gain = 1.0)
    {
        ArgumentNullException.ThrowIfNull(linear);
        using var _ = no_grad();
        var w = linear.weight!;
        double std = gain * Math.Sqrt(2.0 / (w.shape[0] + w.shape[1]));
        w.normal_(0, std, generator);
        linear.bias?.zero_();
    }

    /// <summary>kaiming_uniform(a = √5) on the weight, i.e. U(±1/√fan_in), and U(±1/√fan_in) on the bias.</summary>
    private static void FanInUniform(Tensor weight, Tensor? bias, Generator generator)
    {
        long fanIn = weight.numel() / weight.shape[0];
        double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0;
        weight.uniform_(-bound, bound, generator);
        if (bias is not null) bias.uniform_(-bound, bound, generator);
    }
}
