using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Generation;

/// <summary>
/// Per-block conditioning of a feature map on the generator's input code, as DF-GAN's affine blocks (Tao et al., CVPR
/// 2022): <c>h · (1 + γ(code)) + β(code)</c> per channel, with γ and β from a two-layer MLP
/// (Linear(code → hidden) → ReLU → Linear(hidden → 2·C)). Not in AttnGAN, whose first stage reads the sentence only at
/// its input: with these blocks every up block sees the caption again. On the synthetic birds it did not raise
/// attribute accuracy (docs/quality.md), so no preset turns it on.
/// </summary>
/// <remarks>
/// The output layer starts at zero, so a new block is the identity (γ = 0, β = 0) and training starts from the plain
/// generator. The output layer is held as raw parameters, so <see cref="Initialization.DefaultInit"/> leaves it alone and
/// <see cref="Initialization.ReferenceInit"/>'s orthogonal init of linear layers does not reach it (it calls
/// <see cref="ResetToIdentity"/> instead). Keys: <c>fc.weight</c>, <c>fc.bias</c>, <c>out_weight</c>,
/// <c>out_bias</c> (γ rows first, then β).
/// </remarks>
public sealed class SentenceAffine : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear fc;
    private readonly Parameter out_weight;
    private readonly Parameter out_bias;

    /// <summary>Creates the block.</summary>
    /// <param name="codeSize">Size of the code it reads.</param>
    /// <param name="channels">Channels of the feature map it modulates.</param>
    /// <param name="hiddenSize">Width of the MLP's hidden layer.</param>
    public SentenceAffine(long codeSize, long channels, long hiddenSize) : base(nameof(SentenceAffine))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(codeSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        Channels = channels;
        CodeSize = codeSize;
        fc = nn.Linear(codeSize, hiddenSize);
        out_weight = new Parameter(zeros(2 * channels, hiddenSize));
        out_bias = new Parameter(zeros(2 * channels));
        RegisterComponents();
    }

    /// <summary>Channels of the modulated feature map.</summary>
    public long Channels { get; }

    /// <summary>Size of the code it reads.</summary>
    public long CodeSize { get; }

    /// <summary>Sets the output layer to zero: the block becomes the identity.</summary>
    public void ResetToIdentity()
    {
        using var _ = no_grad();
        out_weight.zero_();
        out_bias.zero_();
    }

    /// <summary>Modulates <paramref name="h"/> [B, C, H, W] by <paramref name="code"/> [B, codeSize].</summary>
    public override Tensor forward(Tensor h, Tensor code)
    {
        if (h.dim() != 4 || h.shape[1] != Channels || code.dim() != 2 || code.shape[0] != h.shape[0] || code.shape[1] != CodeSize)
            throw new ArgumentException(
                $"SentenceAffine expects h [B, {Channels}, H, W] and code [B, {CodeSize}]; got h [{string.Join(", ", h.shape)}], code [{string.Join(", ", code.shape)}].");
        using var scope = NewDisposeScope();
        var gammaBeta = nn.functional.linear(nn.functional.relu(fc.forward(code)), out_weight, out_bias);
        var gamma = gammaBeta.narrow(1, 0, Channels).reshape(h.shape[0], Channels, 1, 1);
        var beta = gammaBeta.narrow(1, Channels, Channels).reshape(h.shape[0], Channels, 1, 1);
        // h + h·γ + β keeps h's memory format (channels-last stays channels-last) and is h exactly while γ = β = 0.
        return h.Plus(beta).Plus(h * gamma).MoveToOuterDisposeScope();
    }
}
