using ZslAttnGan.Interop;
using ZslAttnGan.Testing;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Zsl;

/// <summary><see cref="ZslSentenceGeneratorOptions.LinearHidden"/>: the code is Tanh of an affine function of the
/// sentence and the noise, with the reference's keys.</summary>
public class LinearZslGeneratorTests
{
    private static ZslSentenceGeneratorOptions Options(bool linear) => new(6, 5, 3, 7, 4, LinearHidden: linear);

    private static ZslSentenceGenerator Create(bool linear)
    {
        manual_seed(11);
        var g = new ZslSentenceGenerator(Options(linear));
        g.to(ScalarType.Float64);   // atanh of the outputs below needs the precision
        return g;
    }

    /// <summary>atanh(code) at the midpoint of two inputs minus the mean of atanh(code) at the two ends: zero for an
    /// affine map, not for one with a LeakyReLU whose units change sign between the ends.</summary>
    private static double MidpointDefect(ZslSentenceGenerator g, Tensor textA, Tensor textB, Tensor noiseA, Tensor noiseB)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor Pre(Tensor text, Tensor noise) => g.forward(text, noise).atanh();
        var mid = Pre(textA.Plus(textB).div(Scalars.S(2.0)), noiseA.Plus(noiseB).div(Scalars.S(2.0)));
        var ends = Pre(textA, noiseA).Plus(Pre(textB, noiseB)).div(Scalars.S(2.0));
        return mid.sub(ends).abs().max().item<double>();
    }

    [Fact]
    public void TheCodeIsTanhOfAnAffineFunctionOfSentenceAndNoiseOnlyWithTheOption()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(4);
        // Large, opposite inputs, so that hidden units change sign between the two ends.
        var textA = randn(new long[] { 16, 6 }, ScalarType.Float64, generator: gen).mul(Scalars.S(3.0));
        var textB = textA.neg().Plus(randn(new long[] { 16, 6 }, ScalarType.Float64, generator: gen));
        var noiseA = randn(new long[] { 16, 3 }, ScalarType.Float64, generator: gen);
        var noiseB = randn(new long[] { 16, 3 }, ScalarType.Float64, generator: gen);
        using var linear = Create(linear: true);
        using var reference = Create(linear: false);
        Assert.True(MidpointDefect(linear, textA, textB, noiseA, noiseB) < 1e-9, "the linear generator's pre-activation is not affine");
        Assert.True(MidpointDefect(reference, textA, textB, noiseA, noiseB) > 1e-4, "the reference generator should not be affine (the test inputs are too tame)");
    }

    [Fact]
    public void TheOptionKeepsTheKeysAndComputesTheHiddenLayerWithoutActivation()
    {
        using var scope = NewDisposeScope();
        using var linear = Create(linear: true);
        using var reference = Create(linear: false);
        Assert.Equal(reference.state_dict().Keys.OrderBy(k => k), linear.state_dict().Keys.OrderBy(k => k));
        // The same seed draws the same weights; by hand: tanh(W2 (W1 [Wi x + bi, z] + b1) + b2).
        var p = linear.state_dict();
        foreach (var (key, value) in reference.state_dict()) TensorAssert.Close(value, p[key], 0, key);
        var x = randn(new long[] { 5, 6 }, ScalarType.Float64);
        var z = randn(new long[] { 5, 3 }, ScalarType.Float64);
        var reduced = nn.functional.linear(x, p["input.weight"], p["input.bias"]);
        var hidden = nn.functional.linear(cat(new[] { reduced, z }, 1), p["output.0.weight"], p["output.0.bias"]);
        var byHand = nn.functional.linear(hidden, p["output.2.weight"], p["output.2.bias"]).tanh();
        using (no_grad())
        {
            TensorAssert.Close(byHand, linear.forward(x, z), 1e-12, "linear code");
            Assert.False(byHand.allclose(reference.forward(x, z)), "the reference generator should apply its LeakyReLU");
        }
    }

    [Fact]
    public void TheClassTableShortcutMatchesTheFullPass()
    {
        using var scope = NewDisposeScope();
        using var linear = Create(linear: true);
        var table = randn(new long[] { 3, 6 }, ScalarType.Float64);
        var classes = tensor(new long[] { 2, 0, 2, 1 });
        var noise = randn(new long[] { 4, 3 }, ScalarType.Float64);
        using var _ = no_grad();
        TensorAssert.Close(linear.forward(table.index_select(0, classes), noise), linear.ForwardFromClassTable(table, classes, noise), 1e-12, "codes");
    }

    [Fact]
    public void ReferenceImportsDropTheOptionAndExportsWarn()
    {
        using var scope = NewDisposeScope();
        var options = TinyModels.ZslAttnGan();
        var linearOptions = options with { SentenceGenerator = options.SentenceGenerator! with { LinearHidden = true } };
        Assert.Contains(ReferenceCompatibility.Warnings(linearOptions), w => w.Contains("no LeakyReLU", StringComparison.Ordinal));
        Assert.DoesNotContain(ReferenceCompatibility.Warnings(options), w => w.Contains("no LeakyReLU", StringComparison.Ordinal));

        // Reference weights are read with the reference's ZSL_G, whatever the template says.
        using var encoder = new TextEncoder(linearOptions.TextEncoderFor(TinyModels.VocabularySize));
        var tensors = encoder.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Contains("zsl_g.input.weight", tensors.Keys);
        var imported = ReferenceShapes.TextEncoder(tensors, "text_encoder.pth", linearOptions);
        Assert.False(imported.SentenceGenerator!.LinearHidden);
    }

    [Fact]
    public void PresetFilesKeepTheOptionAndOlderFilesReadAsTheReference()
    {
        var preset = Presets.Synthetic;
        var linear = preset with { Model = preset.Model with { SentenceGenerator = preset.Model.SentenceGenerator! with { LinearHidden = true } } };
        var dir = TinyModels.TempDirectory();
        try
        {
            var path = Path.Combine(dir, "p.json");
            PresetFile.Save(linear, path);
            Assert.True(PresetFile.Load(path).Model.SentenceGenerator!.LinearHidden);
            // A preset file written before the option existed has no such field.
            var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
            Assert.True(node["Model"]!["SentenceGenerator"]!.AsObject().Remove("LinearHidden"));
            var json = node.ToJsonString();
            Assert.DoesNotContain("LinearHidden", json);
            File.WriteAllText(path, json);
            Assert.False(PresetFile.Load(path).Model.SentenceGenerator!.LinearHidden);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
