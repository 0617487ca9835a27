using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;
using ZslAttnGan.Components;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Testing.Contracts;

/// <summary>
/// The checks every model component must pass, as xunit facts that a derived test class inherits: output shapes for
/// batches of 1 and 2 at every supported size, gradients reaching every trainable parameter and no frozen one, a
/// state-dict round trip through a safetensors file giving equal outputs, eval-mode determinism under a seed, no
/// tensor left alive per forward, bad inputs rejected with <see cref="ArgumentException"/>, and a device move.
/// Derive from a role contract (<see cref="TextEncoderContract{TEncoder}"/>, …) rather than from this class: they
/// know each role's inputs and outputs and only ask for a factory.
/// </summary>
/// <typeparam name="TComponent">The component type under test.</typeparam>
/// <typeparam name="TInputs">What one forward call reads.</typeparam>
public abstract class ModuleContract<TComponent, TInputs> where TComponent : class, IModelComponent
{
    /// <summary>A new component (random weights; the contract re-initialises it from its own seeds).</summary>
    protected abstract TComponent Create();

    /// <summary>Image sizes (or other size parameters) to check; one entry, 0, when the component has none.</summary>
    protected virtual IReadOnlyList<int> Sizes => new[] { 0 };

    /// <summary>Inputs of a forward call for a batch of <paramref name="batch"/> at <paramref name="size"/>, drawn from
    /// <paramref name="generator"/>.</summary>
    protected abstract TInputs Inputs(TComponent component, int batch, int size, Generator generator);

    /// <summary>Runs the component and returns the outputs to check, in a fixed order. Random draws come from
    /// <paramref name="generator"/>.</summary>
    protected abstract IReadOnlyList<Tensor> Run(TComponent component, TInputs inputs, Generator generator);

    /// <summary>The expected shape of each output of <see cref="Run"/> (−1 = any size).</summary>
    protected abstract IReadOnlyList<long[]> ExpectedShapes(TComponent component, int batch, int size, TInputs inputs);

    /// <summary>Calls with bad arguments, each of which must throw an <see cref="ArgumentException"/> (or a subclass).</summary>
    protected virtual IEnumerable<(string Case, Action<TComponent> Call)> BadCalls(TComponent component, Generator generator) =>
        Array.Empty<(string, Action<TComponent>)>();

    /// <summary>Names (as in the state dict) of trainable parameters that legitimately get no gradient from these
    /// outputs; empty by default.</summary>
    protected virtual IReadOnlySet<string> ParametersWithoutGradient => new HashSet<string>();

    /// <summary>Creates the component and re-initialises it from a generator seeded with <paramref name="seed"/>.</summary>
    protected TComponent CreateSeeded(long seed)
    {
        var component = Create();
        using var g = new Generator(unchecked((ulong)seed));
        component.ResetParameters(g);
        return component;
    }

    /// <summary>Each supported size: batches of 1 (eval mode) and 2 (eval and train mode) give outputs of the
    /// expected shapes with finite values.</summary>
    [Fact]
    public void OutputsHaveTheExpectedShapesForBatchesOfOneAndTwoAtEverySize()
    {
        using var component = CreateSeeded(1);
        foreach (int size in Sizes)
            foreach (var (batch, train) in new[] { (1, false), (2, false), (2, true) })
            {
                using var scope = NewDisposeScope();
                using var g = new Generator(7);
                component.Module.train(train);
                using var grad = train ? enable_grad() : no_grad();
                var inputs = Inputs(component, batch, size, g);
                var outputs = Run(component, inputs, g);
                var expected = ExpectedShapes(component, batch, size, inputs);
                Assert.True(outputs.Count == expected.Count, $"size {size}, batch {batch}: {outputs.Count} outputs, {expected.Count} expected shapes.");
                for (int i = 0; i < outputs.Count; i++)
                {
                    TensorAssert.Shape(expected[i], outputs[i], $"size {size}, batch {batch}, {(train ? "train" : "eval")} mode, output {i}");
                    TensorAssert.Finite(outputs[i], $"size {size}, batch {batch}, output {i}");
                }
            }
    }

    /// <summary>In train mode, a random weighting of every output sends a non-zero gradient to every parameter that
    /// requires one, and none to a parameter that does not.</summary>
    [Fact]
    public void GradientsReachEveryTrainableParameterAndNoFrozenOne()
    {
        using var component = CreateSeeded(2);
        using var scope = NewDisposeScope();
        using var g = new Generator(8);
        component.Module.train();
        var named = component.Module.named_parameters().ToList();
        foreach (var (_, p) in named) p.grad?.zero_();
        var inputs = Inputs(component, 2, Sizes[^1], g);
        var outputs = Run(component, inputs, g).Where(o => o.is_floating_point() && o.requires_grad).ToList();
        Assert.True(outputs.Count > 0, "No output depends on a parameter that requires a gradient.");
        var loss = outputs.Select(o => (o * randn(o.shape, dtype: o.dtype, device: o.device, generator: g)).sum()).Aggregate((a, b) => a.add(b, alpha: Scalars.S(1)));
        loss.backward();
        foreach (var (name, p) in named)
        {
            if (p.requires_grad && !ParametersWithoutGradient.Contains(name))
                Assert.True(p.grad is { } gr && gr.abs().max().item<float>() > 0, $"Trainable parameter '{name}' got no gradient.");
            if (!p.requires_grad)
                Assert.True(p.grad is null || p.grad.abs().max().item<float>() == 0, $"Frozen parameter '{name}' got a gradient.");
        }
    }

    /// <summary>Equal seeds give equal trainable weights, other seeds other ones; a state dict saved to a safetensors file and
    /// loaded strictly into a differently seeded component gives bit-identical outputs in eval mode.</summary>
    [Fact]
    public void AStateDictRoundTripGivesEqualOutputs()
    {
        using var a = CreateSeeded(3);
        using var same = CreateSeeded(3);
        using var b = CreateSeeded(4);
        using var scope = NewDisposeScope();
        // Frozen parameters (a pretrained trunk) come from a checkpoint, not from the seed: only the rest must follow it.
        var seeded = a.Module.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToHashSet();
        Dictionary<string, Tensor> Seeded(TComponent c) => c.Module.state_dict().Where(kv => seeded.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        TensorAssert.EqualStateDicts(Seeded(a), Seeded(same), "two components reset from equal seeds");
        Assert.False(TensorAssert.StateDictsEqual(Seeded(a), Seeded(b)), "Components reset from different seeds have equal trainable weights: ResetParameters ignores its generator.");

        var file = Path.Combine(TinyModels.TempDirectory(), "component.safetensors");
        try
        {
            Safetensors.SaveStateDict(file, a.Module.state_dict());
            StateDicts.LoadStrict(b.Module, Safetensors.LoadStateDict(file));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
        AssertSameEvalOutputs(a, b, seed: 9, "after the round trip");
    }

    // Both components in eval mode, at every size, with inputs and noise from generators of one seed: bit-equal outputs.
    private void AssertSameEvalOutputs(TComponent first, TComponent second, ulong seed, string what)
    {
        using var scope = NewDisposeScope();
        first.Module.eval();
        second.Module.eval();
        using var _ = no_grad();
        foreach (int size in Sizes)
        {
            using var g1 = new Generator(seed);
            using var g2 = new Generator(seed);
            var outFirst = Run(first, Inputs(first, 2, size, g1), g1);
            var outSecond = Run(second, Inputs(second, 2, size, g2), g2);
            for (int i = 0; i < outFirst.Count; i++) TensorAssert.BitwiseEqual(outFirst[i], outSecond[i], $"size {size}, output {i} {what}");
        }
    }

    /// <summary>Two eval-mode calls with generators of equal seeds give bit-identical outputs.</summary>
    [Fact]
    public void EvalModeIsDeterministicUnderASeed()
    {
        using var component = CreateSeeded(5);
        AssertSameEvalOutputs(component, component, seed: 10, "of two calls");
    }

    /// <summary>Forward and backward passes inside a dispose scope leave no tensor alive once the scope ends.</summary>
    [Fact]
    public void AForwardLeavesNoTensorAlive()
    {
        using var component = CreateSeeded(6);
        component.Module.train();
        void Pass()
        {
            using var scope = NewDisposeScope();
            using var g = new Generator(11);
            var outputs = Run(component, Inputs(component, 2, Sizes[^1], g), g).Where(o => o.requires_grad).ToList();
            if (outputs.Count > 0) outputs.Select(o => o.sum()).Aggregate((x, y) => x.add(y, alpha: Scalars.S(1))).backward();
        }
        Pass(); // the first call may create lasting state (gradients, cached buffers)
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 3; i++) Pass();
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.True(after <= before, $"{after - before} tensors stayed alive after three forward/backward passes in dispose scopes.");
    }

    /// <summary>Every bad call throws an <see cref="ArgumentException"/> (a check in managed code, not a native error).</summary>
    [Fact]
    public void BadInputsAreRejectedWithArgumentException()
    {
        using var component = CreateSeeded(7);
        using var scope = NewDisposeScope();
        using var g = new Generator(12);
        component.Module.eval();
        foreach (var (name, call) in BadCalls(component, g))
        {
            var e = Record.Exception(() => call(component));
            Assert.True(e is ArgumentException, $"Bad input '{name}' gave {(e is null ? "no exception" : $"{e.GetType().Name}: {e.Message}")}, not an ArgumentException.");
        }
    }

    /// <summary>Moving the component to the CPU (and to CUDA when available) keeps its outputs.</summary>
    [Fact]
    public void MovingToADeviceKeepsTheOutputs()
    {
        using var component = CreateSeeded(8);
        using var scope = NewDisposeScope();
        component.Module.eval();
        using var _ = no_grad();
        using var g1 = new Generator(13);
        var before = Run(component, Inputs(component, 2, Sizes[^1], g1), g1).Select(t => t.cpu()).ToList();
        var devices = new List<Device> { CPU };
        if (cuda.is_available()) devices.Add(CUDA);
        foreach (var device in devices)
        {
            component.Module.to(device);
            Assert.All(component.Module.parameters(), p => Assert.Equal(device.type, p.device.type));
            using var g2 = new Generator(13);
            var inputs = MoveInputs(Inputs(component, 2, Sizes[^1], g2), device);
            var after = Run(component, inputs, g2).Select(t => t.cpu()).ToList();
            for (int i = 0; i < before.Count; i++)
                if (device.type == DeviceType.CPU) TensorAssert.BitwiseEqual(before[i], after[i], $"output {i} on {device}");
                else TensorAssert.Close(before[i], after[i], 1e-3, $"output {i} on {device}");
            component.Module.to(CPU);
        }
    }

    /// <summary>The inputs on <paramref name="device"/>; override when <typeparamref name="TInputs"/> holds tensors
    /// and the component may leave the CPU (the default returns them unchanged, which is right on the CPU).</summary>
    protected virtual TInputs MoveInputs(TInputs inputs, Device device) => inputs;
}
