using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZslAttnGan.Training;

/// <summary>
/// An exponential moving average of a module's parameters (not its buffers, as in AttnGAN): avg ← d·avg + (1 − d)·p
/// after every generator step. <see cref="Swap"/> exchanges the averaged and live parameters, e.g. to sample or save
/// with the averaged weights.
/// </summary>
public sealed class ExponentialMovingAverage : IDisposable
{
    private readonly (string Name, Parameter Live, Tensor Average)[] _pairs;

    /// <summary>Starts the average at the module's current parameters.</summary>
    public ExponentialMovingAverage(nn.Module module, double decay)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (decay is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(decay), decay, "decay must lie in [0, 1).");
        Decay = decay;
        using var _ = no_grad();
        _pairs = module.named_parameters().Select(p => (p.name, p.parameter, p.parameter.detach().clone().DetachFromDisposeScope())).ToArray();
    }

    /// <summary>The decay d.</summary>
    public double Decay { get; }

    /// <summary>avg ← d·avg + (1 − d)·p for every parameter, with d = <paramref name="decay"/> or <see cref="Decay"/>.</summary>
    public void Update(double? decay = null)
    {
        double d = decay ?? Decay;
        if (d is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(decay), d, "decay must lie in [0, 1).");
        using var _ = no_grad();
        // Held by using, so the native scalars outlive every call (see Scalars).
        using var decayScalar = d.ToScalar();
        using var rest = (1 - d).ToScalar();
        foreach (var (_, live, avg) in _pairs) avg.mul_(decayScalar).add_(live, alpha: rest);
    }

    /// <summary>Exchanges live and averaged values (call again to undo).</summary>
    public void Swap()
    {
        using var _ = no_grad();
        foreach (var (_, live, avg) in _pairs)
        {
            using var tmp = live.detach().clone();
            live.copy_(avg);
            avg.copy_(tmp);
        }
    }

    /// <summary>The averaged parameters by state-dict key (views, not copies).</summary>
    public Dictionary<string, Tensor> StateDict() => _pairs.ToDictionary(p => p.Name, p => p.Average);

    /// <summary>Overwrites the averages (for resuming); keys and shapes must match the module's parameters.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> averages)
    {
        ArgumentNullException.ThrowIfNull(averages);
        var missing = _pairs.Where(p => !averages.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0) throw new ArgumentException($"EMA state lacks: {string.Join(", ", missing)}.", nameof(averages));
        using var _ = no_grad();
        foreach (var (name, _, avg) in _pairs)
        {
            var src = averages[name];
            if (!src.shape.SequenceEqual(avg.shape))
                throw new ArgumentException($"EMA state {name} has shape [{string.Join(", ", src.shape)}], expected [{string.Join(", ", avg.shape)}].", nameof(averages));
            avg.copy_(src);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, _, avg) in _pairs) avg.Dispose();
    }
}
