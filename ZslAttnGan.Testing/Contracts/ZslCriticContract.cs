using ZslAttnGan.Components;
using static TorchSharp.torch;

namespace ZslAttnGan.Testing.Contracts;

/// <summary>
/// The contract of <see cref="IZslCritic"/>: realness [B, 1] and class logits [B, Classes] of codes [B, InFeatures],
/// <see cref="IZslCritic.Realness"/> equal to the critique's realness, argument checks, and the general checks.
/// </summary>
/// <typeparam name="TCritic">The critic under test.</typeparam>
public abstract class ZslCriticContract<TCritic> : ModuleContract<TCritic, Tensor> where TCritic : class, IZslCritic
{
    /// <inheritdoc />
    protected override Tensor Inputs(TCritic component, int batch, int size, Generator generator) =>
        randn(new long[] { batch, component.InFeatures }, generator: generator).tanh();

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Run(TCritic component, Tensor inputs, Generator generator)
    {
        var o = component.Critique(inputs);
        return new[] { o.Realness, o.ClassLogits, component.Realness(inputs) };
    }

    /// <inheritdoc />
    protected override IReadOnlyList<long[]> ExpectedShapes(TCritic component, int batch, int size, Tensor inputs) =>
        new[] { new long[] { batch, 1 }, new long[] { batch, component.Classes }, new long[] { batch, 1 } };

    /// <inheritdoc />
    protected override IEnumerable<(string Case, Action<TCritic> Call)> BadCalls(TCritic component, Generator generator)
    {
        yield return ("codes of the wrong width", c => c.Critique(randn(2, c.InFeatures + 1)));
        yield return ("codes of rank 1", c => c.Critique(randn(c.InFeatures)));
        yield return ("realness of codes of the wrong width", c => c.Realness(randn(2, c.InFeatures - 1)));
    }

    /// <inheritdoc />
    protected override Tensor MoveInputs(Tensor inputs, Device device) => inputs.to(device);
}
