using ZslAttnGan.Components;
using static TorchSharp.torch;

namespace ZslAttnGan.Testing.Contracts;

/// <summary>A discriminator's inputs: images [B, 3, S, S] in [−1, 1] and sentence codes [B, C].</summary>
public sealed record DiscriminatorInputs(Tensor Images, Tensor Conditions);

/// <summary>
/// The contract of <see cref="IImageDiscriminator"/>: conditional logits [B] (and unconditional logits [B] when it has
/// that head) from the features of its own image size, argument checks on images and conditions, and the general checks.
/// </summary>
/// <typeparam name="TDiscriminator">The discriminator under test.</typeparam>
public abstract class ImageDiscriminatorContract<TDiscriminator> : ModuleContract<TDiscriminator, DiscriminatorInputs> where TDiscriminator : class, IImageDiscriminator
{
    /// <inheritdoc />
    protected override DiscriminatorInputs Inputs(TDiscriminator component, int batch, int size, Generator generator) =>
        new(rand(new long[] { batch, 3, component.ImageSize, component.ImageSize }, generator: generator).mul(TorchSharpWorkarounds.Scalars.S(2)).sub(TorchSharpWorkarounds.Scalars.S(1)),
            randn(new long[] { batch, component.ConditionSize }, generator: generator));

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Run(TDiscriminator component, DiscriminatorInputs inputs, Generator generator)
    {
        var features = component.Features(inputs.Images);
        var outputs = new List<Tensor> { component.ConditionalLogits(features, inputs.Conditions) };
        if (component.HasUnconditionalHead) outputs.Add(component.UnconditionalLogits(features));
        return outputs;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<long[]> ExpectedShapes(TDiscriminator component, int batch, int size, DiscriminatorInputs inputs) =>
        Enumerable.Repeat(new long[] { batch }, component.HasUnconditionalHead ? 2 : 1).ToArray();

    /// <inheritdoc />
    protected override IEnumerable<(string Case, Action<TDiscriminator> Call)> BadCalls(TDiscriminator component, Generator generator)
    {
        var good = Inputs(component, 2, 0, generator);
        int s = component.ImageSize;
        yield return ("images of half the size", c => c.Features(randn(2, 3, s / 2, s / 2)));
        yield return ("one-channel images", c => c.Features(randn(2, 1, s, s)));
        yield return ("images of rank 3", c => c.Features(randn(3, s, s)));
        yield return ("conditions of the wrong width", c => c.ConditionalLogits(c.Features(good.Images), randn(2, c.ConditionSize + 1)));
    }

    /// <inheritdoc />
    protected override DiscriminatorInputs MoveInputs(DiscriminatorInputs inputs, Device device) =>
        new(inputs.Images.to(device), inputs.Conditions.to(device));
}
