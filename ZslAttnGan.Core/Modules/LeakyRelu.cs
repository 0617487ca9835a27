using TorchSharp;
using static TorchSharp.torch;
using static ZslAttnGan.Modules.Scalars;

namespace ZslAttnGan.Modules;

/// <summary>LeakyReLU with a cached slope scalar (see <see cref="Scalars"/>); no parameters, so state-dict keys are
/// unaffected where it replaces <c>nn.LeakyReLU</c>.</summary>
public sealed class LeakyRelu : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    /// <summary>Creates the activation with the given negative slope.</summary>
    public LeakyRelu(double negativeSlope) : base(nameof(LeakyRelu))
    {
        NegativeSlope = negativeSlope;
        _slope = S(negativeSlope);
    }

    /// <summary>The negative slope.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => input.leaky_relu(_slope);
}
