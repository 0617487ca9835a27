using static TorchSharp.torch;

using ZslAttnGan.Nn;

namespace ZslAttnGan.TorchSharpWorkarounds;

/// <summary>
/// The check behind <see cref="ConvolutionBackend"/>: small convolutions, in the layout <see cref="Convolution2d"/>
/// gives them, forward and input gradient, compared with float64 (which oneDNN does not compute, so libtorch's native
/// kernels give the reference). Shapes are those seen wrong on a Zen 5 plus the layouts every network here uses; each
/// runs twice, since uninitialised padding changes from call to call.
/// </summary>
internal static class OneDnnCheck
{
    private static readonly (int In, int Out, int Kernel, int Padding, int Size, bool ChannelsLast)[] Cases =
    [
        (64, 80, 1, 0, 73, true),   // Inception's Conv2d_3b_1x1: wrong forward on the Zen 5
        (40, 40, 3, 1, 32, true),
        (32, 3, 3, 1, 32, true),    // image heads
        (8, 8, 3, 1, 16, true),
        (16, 32, 3, 1, 32, false),  // NCHW stays allowed for multiples of 16
        (64, 32, 3, 1, 32, false),
        (3, 32, 4, 1, 64, true),    // discriminator entry
    ];

    /// <summary>A description of the first wrong result, or null when all agree.</summary>
    public static string? FirstWrongResult()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(20261205);
        foreach (var c in Cases)
        {
            var x = randn(new long[] { 2, c.In, c.Size, c.Size }, generator: generator);
            var w = randn(new long[] { c.Out, c.In, c.Kernel, c.Kernel }, generator: generator) * Scalars.S(1.0 / Math.Sqrt(c.In * c.Kernel * c.Kernel));
            var (y64, g64) = Run(x.to(ScalarType.Float64), w.to(ScalarType.Float64), c.Padding, null, channelsLast: false);
            var upstream = randn(y64.shape, generator: generator);
            (y64, g64) = Run(x.to(ScalarType.Float64), w.to(ScalarType.Float64), c.Padding, upstream.to(ScalarType.Float64), channelsLast: false);
            for (int call = 0; call < 2; call++)
            {
                var (y, g) = Run(x, w, c.Padding, upstream, c.ChannelsLast);
                var what = $"{c.In} → {c.Out} {c.Kernel}×{c.Kernel} convolution at {c.Size}×{c.Size} ({(c.ChannelsLast ? "channels-last" : "NCHW")})";
                if (!Agrees(y, y64)) return $"output of a {what}";
                if (!Agrees(g, g64)) return $"input gradient of a {what}";
            }
        }
        return null;
    }

    private static (Tensor Output, Tensor InputGradient) Run(Tensor x, Tensor w, int padding, Tensor? upstream, bool channelsLast)
    {
        var input = (channelsLast ? MemoryFormats.ToChannelsLast(x) : x).detach().requires_grad_(true);
        var y = nn.functional.conv2d(input, w, padding: new long[] { padding, padding });
        y.backward(new[] { upstream ?? ones_like(y) });
        return (y.detach(), input.grad!);
    }

    private static bool Agrees(Tensor actual, Tensor expected)
    {
        var a = actual.to(ScalarType.Float64);
        var scale = Math.Max(expected.abs().max().item<double>(), 1e-6);
        // float32 rounding over at most a few hundred terms stays far below 1e-3 of the largest value; the faults seen
        // were of the order of the values themselves, or NaN.
        return a.isfinite().all().item<bool>() && (a - expected).abs().max().item<double>() <= 1e-3 * scale;
    }
}
