using TorchSharp;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Nn;

/// <summary>LeakyReLU with a cached slope scalar (see <see cref="TorchSharpWorkarounds.Scalars"/>); no parameters, so state-dict keys are
/// unaffected where it replaces <c>nn.LeakyReLU</c>.</summary>
public sealed class LeakyRelu : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    /// <summary>Creates the activation with the given negative slope.</summary>
    /// <param name="negativeSlope">Slope for negative inputs.</param>
    /// <param name="inPlace">Overwrite the input (PyTorch's <c>inplace=True</c>, as AttnGAN's discriminator blocks use):
    /// one activation less to keep for backward. Only where nothing else reads the input (e.g. after a conv or batch
    /// norm in a sequence); the slope must be positive for autograd to allow it.</param>
    public LeakyRelu(double negativeSlope, bool inPlace = false) : base(nameof(LeakyRelu))
    {
        if (inPlace && negativeSlope <= 0)
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "An in-place LeakyReLU needs a positive slope.");
        NegativeSlope = negativeSlope;
        InPlace = inPlace;
        _slope = S(negativeSlope);
    }

    /// <summary>The negative slope.</summary>
    public double NegativeSlope { get; }

    /// <summary>Whether the input is overwritten.</summary>
    public bool InPlace { get; }

    /// <inheritdoc />
    /// <remarks>In place it returns a new handle (an alias) of the input's storage: TorchSharp's Sequential disposes the
    /// handle it passed in once the next layer has returned.</remarks>
    public override Tensor forward(Tensor input) => InPlace ? input.leaky_relu_(_slope).alias() : input.leaky_relu(_slope);
}
