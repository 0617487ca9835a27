using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZslAttnGan.Discrimination;

/// <summary>
/// A 2-D convolution whose weight is divided by its largest singular value σ (Miyato et al. 2018), estimated by one
/// power iteration per training forward, as PyTorch's <c>spectral_norm</c>. State-dict keys follow PyTorch's:
/// <c>weight_orig</c>, <c>weight_u</c>, <c>weight_v</c> (and <c>bias</c>). Not in AttnGAN; an option for stabler
/// discriminators.
/// </summary>
public sealed class SpectralNormConv2d : nn.Module<Tensor, Tensor>
{
    private const double Eps = 1e-12;
    private readonly Parameter weight_orig;
    private readonly Parameter? bias;
    private readonly Tensor weight_u;
    private readonly Tensor weight_v;
    private readonly long _stride, _padding;

    /// <summary>Creates the layer (PyTorch default init; u and v random unit vectors).</summary>
    public SpectralNormConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool hasBias = true)
        : base(nameof(SpectralNormConv2d))
    {
        ZslAttnGan.TorchSharpWorkarounds.ConvolutionBackend.EnsureApplied();
        _stride = stride;
        _padding = padding;
        using var conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, bias: hasBias);
        weight_orig = new Parameter(conv.weight!.detach().clone());
        if (hasBias) bias = new Parameter(conv.bias!.detach().clone());
        weight_u = nn.functional.normalize(randn(outChannels), dim: 0, eps: Eps);
        weight_v = nn.functional.normalize(randn(inChannels * kernelSize * kernelSize), dim: 0, eps: Eps);
        RegisterComponents();
    }

    /// <summary>The unnormalised weight (PyTorch's <c>weight_orig</c>).</summary>
    public Parameter WeightOrig => weight_orig;

    /// <summary>The bias, if any.</summary>
    public Parameter? Bias => bias;

    /// <summary>Redraws u and v as random unit vectors from <paramref name="generator"/>.</summary>
    public void ResetVectors(Generator generator)
    {
        // A scope keeps the temporaries passed to copy_ alive through the native call (TorchSharp does not) and frees them.
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        weight_u.copy_(nn.functional.normalize(randn(weight_u.shape, generator: generator), dim: 0, eps: Eps));
        weight_v.copy_(nn.functional.normalize(randn(weight_v.shape, generator: generator), dim: 0, eps: Eps));
    }

    /// <summary>The current normalised weight W / σ (σ from the stored u, v).</summary>
    public Tensor NormalizedWeight()
    {
        var flat = weight_orig.reshape(weight_orig.shape[0], -1);
        // Clones: the next training forward updates u and v in place, which must not touch this graph's saved tensors.
        var sigma = weight_u.clone().dot(flat.mv(weight_v.clone()));
        return weight_orig / sigma;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (training)
        {
            // As in ResetVectors: the power-iteration temporaries live in a scope of their own, even when a caller has none.
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var flat = weight_orig.reshape(weight_orig.shape[0], -1);
            weight_v.copy_(nn.functional.normalize(flat.t().mv(weight_u), dim: 0, eps: Eps));
            weight_u.copy_(nn.functional.normalize(flat.mv(weight_v), dim: 0, eps: Eps));
        }
        // The same oneDNN padding fault as Convolution2d's (see there).
        var safe = ZslAttnGan.Nn.Convolution2d.SafeInput(input, weight_orig.shape[1], weight_orig.shape[0]);
        return nn.functional.conv2d(safe, NormalizedWeight(), bias, strides: new[] { _stride, _stride }, padding: new[] { _padding, _padding });
    }
}
