using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Training;

/// <summary>
/// Adam (Kingma &amp; Ba), with PyTorch's update rule and defaults (ε = 1e-8, no weight decay, no AMSGrad), written here
/// rather than taken from TorchSharp for two reasons: TorchSharp 0.107's Adam passes temporary scalars to native code
/// without keeping them alive (see <see cref="TorchSharpWorkarounds.Scalars"/>), which fails at random under garbage-collection
/// pressure; and its state can then be saved as safetensors (no TorchSharp-specific binary format in checkpoints).
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor?[] _expAvg;
    private readonly Tensor?[] _expAvgSq;
    private readonly long[] _steps;

    /// <summary>Creates the optimiser over <paramref name="parameters"/>.</summary>
    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (learningRate <= 0) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learningRate must be positive.");
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must lie in [0, 1).");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must lie in [0, 1).");
        _parameters = parameters.ToArray();
        _expAvg = new Tensor?[_parameters.Length];
        _expAvgSq = new Tensor?[_parameters.Length];
        _steps = new long[_parameters.Length];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
    }

    /// <summary>The learning rate used by the next <see cref="Step"/>.</summary>
    public double LearningRate { get; set; }

    /// <summary>β1.</summary>
    public double Beta1 { get; }

    /// <summary>β2.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Eps { get; }

    /// <summary>The optimised parameters.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Clears the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        // As PyTorch's default (set_to_none): a parameter that gets no gradient in a step is not updated by momentum.
        foreach (var p in _parameters) p.grad = null;
    }

    /// <summary>One Adam update of every parameter that has a gradient.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var b1 = S(Beta1); var b2 = S(Beta2); var rest1 = S(1 - Beta1); var rest2 = S(1 - Beta2); var eps = S(Eps);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var g = p.grad;
            if (g is null) continue;
            _expAvg[i] ??= zeros_like(p).DetachFromDisposeScope();
            _expAvgSq[i] ??= zeros_like(p).DetachFromDisposeScope();
            long t = ++_steps[i];
            double correction1 = 1 - Math.Pow(Beta1, t), correction2 = 1 - Math.Pow(Beta2, t);
            _expAvg[i]!.mul_(b1).add_(g, alpha: rest1);
            _expAvgSq[i]!.mul_(b2).addcmul_(g, g, value: rest2);
            // Held by using so that they outlive the native calls (see Scalars).
            using var sqrtCorrection2 = Math.Sqrt(correction2).ToScalar();
            using var stepSize = (-LearningRate / correction1).ToScalar();
            // One temporary instead of two, same operations in the same order as PyTorch's
            // (exp_avg_sq.sqrt() / sqrt(bias_correction2)).add_(eps): identical values.
            using var denom = _expAvgSq[i]!.sqrt();
            denom.div_(sqrtCorrection2).PlusInPlace(eps);
            p.addcdiv_(_expAvg[i]!, denom, value: stepSize);
        }
    }

    /// <summary>The live first and second moments of every parameter that has them, in parameter order (what a
    /// data-parallel run broadcasts from rank 0; the step counts follow from the same run).</summary>
    public IEnumerable<Tensor> Moments()
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_expAvg[i] is null) continue;
            yield return _expAvg[i]!;
            yield return _expAvgSq[i]!;
        }
    }

    /// <summary>The state as named tensors: <c>&lt;i&gt;.exp_avg</c>, <c>&lt;i&gt;.exp_avg_sq</c>, <c>&lt;i&gt;.step</c> per parameter index.</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_expAvg[i] is null) continue;
            state[$"{i}.exp_avg"] = _expAvg[i]!;
            state[$"{i}.exp_avg_sq"] = _expAvgSq[i]!;
            state[$"{i}.step"] = tensor(_steps[i]);
        }
        return state;
    }

    /// <summary>Restores a state written by <see cref="StateDict"/> for the same parameters.</summary>
    /// <exception cref="ArgumentException">An entry does not fit this optimiser's parameters.</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var unknown = state.Keys.Where(k => !int.TryParse(k.Split('.')[0], out var i) || i < 0 || i >= _parameters.Length).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Optimiser state has entries for parameters this optimiser does not have ({_parameters.Length} parameters): {string.Join(", ", unknown.Take(5))}.", nameof(state));
        for (int i = 0; i < _parameters.Length; i++)
        {
            _expAvg[i]?.Dispose();
            _expAvgSq[i]?.Dispose();
            _expAvg[i] = _expAvgSq[i] = null;
            _steps[i] = 0;
            if (!state.TryGetValue($"{i}.exp_avg", out var m)) continue;
            var v = state[$"{i}.exp_avg_sq"];
            if (!m.shape.SequenceEqual(_parameters[i].shape) || !v.shape.SequenceEqual(_parameters[i].shape))
                throw new ArgumentException($"Optimiser state for parameter {i} has shape [{string.Join(", ", m.shape)}], the parameter [{string.Join(", ", _parameters[i].shape)}].", nameof(state));
            _expAvg[i] = m.to(_parameters[i].dtype, _parameters[i].device).clone().DetachFromDisposeScope();
            _expAvgSq[i] = v.to(_parameters[i].dtype, _parameters[i].device).clone().DetachFromDisposeScope();
            _steps[i] = state[$"{i}.step"].item<long>();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _expAvg) t?.Dispose();
        foreach (var t in _expAvgSq) t?.Dispose();
    }
}
