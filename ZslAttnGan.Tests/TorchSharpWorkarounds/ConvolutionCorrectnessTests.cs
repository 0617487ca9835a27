using ZslAttnGan.Discrimination;
using ZslAttnGan.Generation;
using ZslAttnGan.Losses;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;

namespace ZslAttnGan.Tests.TorchSharpWorkarounds;

/// <summary>
/// Convolutions and the networks built from them compute what float64 computes, call after call. libtorch 2.10's
/// oneDNN reads uninitialised channel padding for NCHW inputs whose channel counts are not multiples of 16 (the image
/// head's 32 → 3 input gradient was wrong in every call on a Zen 5; see <see cref="Convolution2d"/>), so these tests
/// repeat each computation: garbage differs between calls and is caught by one of them.
/// </summary>
public class ConvolutionCorrectnessTests
{
    private const int Repeats = 8;

    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 32, 3, 3, 1 },   // every image head
        { 8, 8, 3, 1 },    // small residual blocks
        { 4, 8, 3, 1 },    // small up blocks
        { 24, 24, 3, 1 },  // wrong even in forward before the fix
        { 3, 16, 4, 2 },   // discriminator entry
        { 16, 1, 4, 4 },   // logits
        { 16, 32, 3, 1 },  // a multiple of 16 both ways (NCHW stays allowed)
        { 20, 6, 1, 1 },   // 1×1 (attention's word projection)
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardAndBothGradientsEqualFloat64OnNchwInput(int inChannels, int outChannels, int kernel, int stride)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(17);
        using var conv = new Convolution2d(inChannels, outChannels, kernel, stride, padding: kernel == 3 ? 1 : 0, hasBias: true);
        using (no_grad()) conv.Weight.normal_(0, 0.1, g);
        var x = randn(new long[] { 4, inChannels, 16, 16 }, generator: g);
        var (y64, gx64, gw64) = Run(conv, x.to(ScalarType.Float64), float64: true, g);
        for (int r = 0; r < Repeats; r++)
        {
            using var inner = NewDisposeScope();
            var (y, gx, gw) = Run(conv, x, float64: false, g);
            TensorAssert.Close(y64, y, 1e-4, 1e-4, $"output, call {r}");
            TensorAssert.Close(gx64, gx, 1e-4, 1e-4, $"input gradient, call {r}");
            TensorAssert.Close(gw64, gw, 1e-3, 1e-4, $"weight gradient, call {r}");
        }
    }

    private static (Tensor Y, Tensor InputGrad, Tensor WeightGrad) Run(Convolution2d conv, Tensor x, bool float64, Generator g)
    {
        if (float64) conv.to(ScalarType.Float64); else conv.to(ScalarType.Float32);
        conv.Weight.grad = null;
        var input = x.detach().requires_grad_(true);
        var y = conv.forward(input);
        // A fixed upstream gradient: the same for every call (seeded by shape), so calls must agree.
        using var gy = new Generator(3);
        var upstream = randn(y.shape, generator: gy).to(y.dtype);
        y.backward(new[] { upstream });
        return (y.detach().to(ScalarType.Float64), input.grad!.to(ScalarType.Float64), conv.Weight.grad!.to(ScalarType.Float64));
    }

    [Fact]
    public void TheGeneratorsAdversarialGradientsEqualFloat64()
    {
        // A tiny generator and discriminator whose channel counts are all below 16: every convolution is one that
        // oneDNN's NCHW kernels got wrong.
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var gen = new AttnGenerator(new GeneratorOptions(Ngf: 2, Branches: 2, ResidualBlocks: 1, WordSize: 8, ConditionSize: 8, BaseSize: 32));
        using var disc = new ImageDiscriminator(64, ndf: 2, conditionSize: 8);
        gen.eval(); disc.eval(); // batch statistics would differ between the float32 and float64 runs only by rounding, but eval keeps it simple
        var cond = randn(3, 8);
        var words = randn(3, 8, 5);
        Dictionary<string, Tensor> Grads(ScalarType type)
        {
            gen.to(type); disc.to(type);
            foreach (var p in gen.parameters()) p.grad = null;
            var fake = gen.Generate(cond.to(type), words.to(type), null).Images[^1];
            GanLosses.Generator(disc, fake, cond.to(type)).Total.backward();
            return gen.named_parameters().Where(p => p.parameter.grad is not null).ToDictionary(p => p.name, p => p.parameter.grad!.to(ScalarType.Float64).clone());
        }
        var expected = Grads(ScalarType.Float64);
        Assert.True(expected.Count > 10, $"only {expected.Count} generator parameters got a gradient");
        for (int r = 0; r < 4; r++)
        {
            var actual = Grads(ScalarType.Float32);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (name, e) in expected)
            {
                var scale = Math.Max(e.abs().max().item<double>(), 1e-6);
                TensorAssert.Close(e, actual[name], 1e-3 * scale, 1e-3, $"gradient of {name}, call {r}");
            }
        }
    }
}
