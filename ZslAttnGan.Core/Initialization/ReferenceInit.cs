using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZslAttnGan.Initialization;

/// <summary>
/// AttnGAN's <c>weights_init</c> (attngan.md §2.7), applied to the generator and the image discriminators: conv and
/// linear weights orthogonal (gain 1) with linear biases zeroed; BatchNorm weight ~ N(1, 0.02), bias 0. Conv biases keep
/// the default init, as in the reference.
/// </summary>
public static class ReferenceInit
{
    /// <summary>Initialises every submodule of <paramref name="module"/> in place.</summary>
    /// <param name="module">Generator or discriminator.</param>
    /// <param name="generator">Random source; the global generator when null.</param>
    public static void Apply(nn.Module module, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var _ = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Nn.Convolution2d conv2d:
                    Orthogonal(conv2d.Weight, generator);
                    break;
                case Conv2d conv:
                    Orthogonal(conv.weight!, generator);
                    break;
                case Discrimination.SpectralNormConv2d sn:
                    Orthogonal(sn.WeightOrig, generator);
                    if (generator is not null) sn.ResetVectors(generator);
                    break;
                case Linear linear:
                    Orthogonal(linear.weight!, generator);
                    linear.bias?.zero_();
                    break;
                case Nn.BatchNorm bn:
                    InitBatchNorm(bn.Weight, bn.Bias, generator);
                    break;
                case Nn.SynchronizedBatchNorm sbn:
                    InitBatchNorm(sbn.Weight, sbn.Bias, generator);
                    break;
                case BatchNorm1d bn1:
                    InitBatchNorm(bn1.weight, bn1.bias, generator);
                    break;
                case BatchNorm2d bn2:
                    InitBatchNorm(bn2.weight, bn2.bias, generator);
                    break;
                case Generation.SentenceAffine affine:
                    // Not in the reference: per-block conditioning starts as the identity (DF-GAN's init); its hidden
                    // Linear is a child module and gets the orthogonal init above.
                    affine.ResetToIdentity();
                    break;
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="weight"/> (viewed as [out, in·k·k]) with a (semi-)orthogonal matrix as PyTorch's
    /// <c>orthogonal_</c> does (QR of a Gaussian matrix, signs fixed by R's diagonal), drawing from
    /// <paramref name="generator"/> so that initialisation is reproducible per model.
    /// </summary>
    public static void Orthogonal(Tensor weight, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long rows = weight.shape[0], cols = weight.numel() / rows;
        var flat = randn(new[] { rows, cols }, dtype: ScalarType.Float32, generator: generator);
        if (rows < cols) flat = flat.t();
        var (q, r) = linalg.qr(flat);
        q = q * r.diagonal().sign().unsqueeze(0);
        if (rows < cols) q = q.t();
        weight.copy_(q.reshape(weight.shape).to(weight.dtype, weight.device));
    }

    private static void InitBatchNorm(Tensor? weight, Tensor? bias, Generator? generator)
    {
        if (weight is not null) weight.normal_(1.0, 0.02, generator);
        bias?.zero_();
    }
}
