using Xunit;
using ZslAttnGan.Components;
using static TorchSharp.torch;

namespace ZslAttnGan.Testing.Contracts;

/// <summary>A generator's inputs: conditions [B, C], words [B, W, T] (zero at padding) and the padding mask [B, T].</summary>
public sealed record GeneratorInputs(Tensor Condition, Tensor Words, Tensor Mask);

/// <summary>
/// The contract of <see cref="IImageGenerator"/>: one image [B, 3, s, s] per output size with values in [−1, 1],
/// argument checks on condition, words and mask, and the contract's general checks. Set <see cref="ConditionSize"/> and
/// <see cref="WordSize"/> when they are not <see cref="TinyModels.EmbeddingSize"/>.
/// </summary>
/// <typeparam name="TGenerator">The generator under test.</typeparam>
public abstract class ImageGeneratorContract<TGenerator> : ModuleContract<TGenerator, GeneratorInputs> where TGenerator : class, IImageGenerator
{
    /// <summary>Width of the condition the generator reads (the text encoder's sentence code).</summary>
    protected virtual int ConditionSize => TinyModels.EmbeddingSize;

    /// <summary>Channels of the word features it reads.</summary>
    protected virtual int WordSize => TinyModels.EmbeddingSize;

    /// <summary>Words per caption in the inputs.</summary>
    protected virtual int Words => 5;

    /// <inheritdoc />
    protected override GeneratorInputs Inputs(TGenerator component, int batch, int size, Generator generator)
    {
        var lengths = Enumerable.Range(0, batch).Select(i => (long)Math.Max(1, Words - 2 * i)).ToArray();
        var mask = Text.PaddingMask.For(tensor(lengths), Words, CPU);
        var words = randn(new long[] { batch, WordSize, Words }, generator: generator).masked_fill(mask.unsqueeze(1), TorchSharpWorkarounds.Scalars.S(0));
        return new GeneratorInputs(randn(new long[] { batch, ConditionSize }, generator: generator), words, mask);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Run(TGenerator component, GeneratorInputs inputs, Generator generator) =>
        component.Generate(inputs.Condition, inputs.Words, inputs.Mask, generator).Images;

    /// <inheritdoc />
    protected override IReadOnlyList<long[]> ExpectedShapes(TGenerator component, int batch, int size, GeneratorInputs inputs) =>
        component.OutputSizes.Select(s => new long[] { batch, 3, s, s }).ToArray();

    /// <inheritdoc />
    protected override IEnumerable<(string Case, Action<TGenerator> Call)> BadCalls(TGenerator component, Generator generator)
    {
        var good = Inputs(component, 2, 0, generator);
        yield return ("a condition of the wrong width", c => c.Generate(randn(2, ConditionSize + 1), good.Words, good.Mask, generator));
        yield return ("words of another batch size", c => c.Generate(good.Condition, good.Words[..1], good.Mask[..1], generator));
        yield return ("words of the wrong width", c => c.Generate(good.Condition, randn(2, WordSize + 1, Words), good.Mask, generator));
        yield return ("a mask of the wrong length", c => c.Generate(good.Condition, good.Words, good.Mask[.., ..(Words - 1)], generator));
    }

    /// <summary>Every image is in [−1, 1] (what the discriminators and the image encoder expect).</summary>
    [Fact]
    public void ImagesAreInMinusOneToOne()
    {
        using var component = CreateSeeded(31);
        using var scope = NewDisposeScope();
        component.Module.eval();
        using var _ = no_grad();
        using var g = new Generator(32);
        foreach (var image in Run(component, Inputs(component, 2, 0, g), g))
            Assert.True(image.abs().max().item<float>() <= 1, $"A {image.shape[^1]}-px image leaves [-1, 1].");
    }

    /// <inheritdoc />
    protected override GeneratorInputs MoveInputs(GeneratorInputs inputs, Device device) =>
        new(inputs.Condition.to(device), inputs.Words.to(device), inputs.Mask.to(device));
}
