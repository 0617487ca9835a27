using TorchSharp;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// GLU over the channels, a · σ(b) for the two halves of dimension 1 (<c>nn.GLU(1)</c>), whose input gradient comes
/// back in the input's layout. libtorch's GLU backward follows the layout of the gradient it receives (PyTorch 1.13's
/// returns NCHW for a channels-last input), so in the generator the batch norm before every GLU got NCHW gradients for
/// channels-last inputs; batch norm's backward then leaves its vectorised kernel for a serial one per channel (about
/// 7 % of a <c>Synthetic</c> GAN step in a profile, replaced by a 2 % layout copy). Forward
/// values are GLU's own; only the gradient's layout, and so the summation order inside batch norm's backward, differs.
/// No parameters, so it takes <c>nn.GLU</c>'s place in a <c>Sequential</c> without changing any state-dict key.
/// </summary>
public sealed class Glu : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module.</summary>
    public Glu() : base(nameof(Glu)) { }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool guard = input.requires_grad && is_grad_enabled() && MemoryFormats.IsChannelsLast(input);
        return nn.functional.glu(guard ? LayoutPreservingGradient.apply(input) : input, 1);
    }

    /// <summary>Identity whose backward hands the gradient on channels-last. Its output is a fresh alias that GLU only
    /// reads (nothing modifies it in place, which a custom function's view output would forbid).</summary>
    private sealed class LayoutPreservingGradient : torch.autograd.SingleTensorFunction<LayoutPreservingGradient>
    {
        public override string Name => "GluChannelsLastGradient";

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars) => ((Tensor)vars[0]).alias();

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output) =>
            [MemoryFormats.ToChannelsLast(grad_output)];
    }
}
