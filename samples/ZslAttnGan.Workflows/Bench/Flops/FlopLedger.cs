namespace ZslAttnGan.Workflows.Bench.Flops;

/// <summary>One layer's analytic cost: forward FLOPs (a multiply-add counts 2) and how many forward-equivalents the step
/// spends on it (1 forward only, 2 forward + input gradients, 3 forward + input and weight gradients).</summary>
/// <param name="Layer">Where the layer sits, e.g. <c>gan/G/h_net2/att/scores</c>.</param>
/// <param name="ForwardFlops">FLOPs of one forward call.</param>
/// <param name="Passes">Forward-equivalents per step (1, 2 or 3).</param>
public sealed record LayerFlops(string Layer, double ForwardFlops, int Passes)
{
    /// <summary>FLOPs per step: <see cref="ForwardFlops"/> × <see cref="Passes"/>.</summary>
    public double StepFlops => ForwardFlops * Passes;
}

/// <summary>A list of layer costs for one step; components add their layers with the pass count that the step gives them.</summary>
public sealed class FlopLedger
{
    private readonly List<LayerFlops> _layers = new();

    /// <summary>The layers in the order they were added.</summary>
    public IReadOnlyList<LayerFlops> Layers => _layers;

    /// <summary>Total FLOPs of the step.</summary>
    public double Total => _layers.Sum(l => l.StepFlops);

    /// <summary>Forward FLOPs only (each layer once per call, no backward).</summary>
    public double ForwardTotal => _layers.Sum(l => l.ForwardFlops);

    /// <summary>Adds one layer.</summary>
    public FlopLedger Add(string layer, double forwardFlops, int passes)
    {
        if (passes is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(passes), passes, "passes must be 1, 2 or 3.");
        _layers.Add(new LayerFlops(layer, forwardFlops, passes));
        return this;
    }

    /// <summary>Adds a component's layers under <paramref name="prefix"/>, each with <paramref name="passes"/>.</summary>
    public FlopLedger Add(string prefix, IEnumerable<(string Layer, double Flops)> layers, int passes)
    {
        foreach (var (layer, flops) in layers) Add($"{prefix}/{layer}", flops, passes);
        return this;
    }

    /// <summary>Step FLOPs grouped by the first <paramref name="depth"/> path segments, largest first.</summary>
    public IReadOnlyList<(string Group, double Flops)> Grouped(int depth) => _layers
        .GroupBy(l => string.Join('/', l.Layer.Split('/').Take(depth)))
        .Select(g => (g.Key, g.Sum(l => l.StepFlops)))
        .OrderByDescending(g => g.Item2)
        .ToList();
}
