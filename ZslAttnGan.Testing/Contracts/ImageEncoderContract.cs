using ZslAttnGan.Components;
using static TorchSharp.torch;

namespace ZslAttnGan.Testing.Contracts;

/// <summary>
/// The contract of <see cref="IImageEncoder"/>: regions [B, E, R, R] and a code [B, E] (E = EmbeddingSize), argument
/// checks on the images, and the general checks. Images are of the encoder's <see cref="IImageEncoder.InputSize"/>, or
/// <see cref="ImageSize"/> for an encoder that resizes by itself.
/// </summary>
/// <typeparam name="TEncoder">The encoder under test.</typeparam>
public abstract class ImageEncoderContract<TEncoder> : ModuleContract<TEncoder, Tensor> where TEncoder : class, IImageEncoder
{
    /// <summary>Image size for an encoder without a fixed input size.</summary>
    protected virtual int ImageSize => 64;

    private int SizeOf(TEncoder encoder) => encoder.InputSize ?? ImageSize;

    /// <inheritdoc />
    protected override Tensor Inputs(TEncoder component, int batch, int size, Generator generator) =>
        rand(new long[] { batch, 3, SizeOf(component), SizeOf(component) }, generator: generator).mul(TorchSharpWorkarounds.Scalars.S(2)).sub(TorchSharpWorkarounds.Scalars.S(1));

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Run(TEncoder component, Tensor inputs, Generator generator)
    {
        var e = component.Encode(inputs);
        return new[] { e.Regions, e.Code };
    }

    /// <inheritdoc />
    protected override IReadOnlyList<long[]> ExpectedShapes(TEncoder component, int batch, int size, Tensor inputs) =>
        new[] { new long[] { batch, component.EmbeddingSize, -1, -1 }, new long[] { batch, component.EmbeddingSize } };

    /// <inheritdoc />
    protected override IEnumerable<(string Case, Action<TEncoder> Call)> BadCalls(TEncoder component, Generator generator)
    {
        int s = SizeOf(component);
        yield return ("images of rank 3", c => c.Encode(randn(3, s, s)));
        yield return ("one-channel images", c => c.Encode(randn(2, 1, s, s)));
        yield return ("integer images", c => c.Encode(zeros(new long[] { 2, 3, s, s }, ScalarType.Int64)));
        if (component.InputSize is int fixedSize) yield return ("images of half the input size", c => c.Encode(randn(2, 3, fixedSize / 2, fixedSize / 2)));
    }

    /// <inheritdoc />
    protected override Tensor MoveInputs(Tensor inputs, Device device) => inputs.to(device);
}
