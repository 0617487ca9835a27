using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// Folds eval-mode batch norm into the convolution before it, for inference: the pair
/// <c>BN(conv(x, W))</c> becomes <c>conv(x, W·s) + (β − μ·s)</c> with <c>s = γ / √(σ² + ε)</c>, which saves one pass over
/// every normalised activation map. The modules, their parameters, buffers and state-dict keys stay exactly as they
/// are (reference checkpoints still load and export); the folded weights are a separate snapshot held by the returned
/// <see cref="FoldedBatchNorms"/>.
/// </summary>
/// <remarks>
/// <para>A pair is folded where a <see cref="Sequential"/> holds a <see cref="Convolution2d"/> directly followed by a
/// <see cref="BatchNorm"/> over its output channels (the generator's up-sampling and residual blocks). Batch norms a
/// module calls from its own fields are left alone.</para>
/// <para>The folded path runs only when both modules are in eval mode and gradients are off (<c>no_grad</c>), so
/// training, and eval-mode passes that need weight gradients, compute exactly what they computed before. Outputs differ
/// from the unfolded pair by rounding (a few ulp).</para>
/// <para>The snapshot is taken on first use after <see cref="Fold"/> or <see cref="FoldedBatchNorms.Refresh"/>: weights or
/// statistics changed later (a state dict loaded, a training step) are not seen until <see cref="FoldedBatchNorms.Refresh"/>
/// is called or the folding is disposed. Moving the model to another device is detected and re-snapshots.</para>
/// </remarks>
public static class BatchNormFolding
{
    /// <summary>Folds every conv → batch-norm pair under <paramref name="root"/> until the result is disposed.</summary>
    /// <exception cref="InvalidOperationException">A pair is already folded (dispose the earlier folding first).</exception>
    public static FoldedBatchNorms Fold(nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var pairs = new List<FoldedPair>();
        try
        {
            foreach (var (_, module) in root.named_modules().Prepend(("", root)))
            {
                if (module is not Sequential sequential) continue;
                var children = sequential.children().ToList();
                for (int i = 0; i + 1 < children.Count; i++)
                {
                    if (children[i] is Convolution2d conv && children[i + 1] is BatchNorm bn && bn.Features == conv.OutChannels)
                        pairs.Add(new FoldedPair(conv, bn));
                }
            }
        }
        catch
        {
            foreach (var p in pairs) p.Dispose();
            throw;
        }
        return new FoldedBatchNorms(pairs);
    }
}

/// <summary>The conv → batch-norm pairs that <see cref="BatchNormFolding.Fold"/> folded; disposing it restores the plain
/// modules and frees the folded weights.</summary>
public sealed class FoldedBatchNorms : IDisposable
{
    private readonly IReadOnlyList<FoldedPair> _pairs;
    private bool _disposed;

    internal FoldedBatchNorms(IReadOnlyList<FoldedPair> pairs) => _pairs = pairs;

    /// <summary>How many pairs were folded.</summary>
    public int Count => _pairs.Count;

    /// <summary>Drops the snapshot so that the next no-grad eval pass folds the current weights and statistics.</summary>
    public void Refresh()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var p in _pairs) p.Invalidate();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var p in _pairs) p.Dispose();
    }
}

/// <summary>One folded pair: decides when the folded path applies (for both modules alike) and holds the snapshot.</summary>
internal sealed class FoldedPair : IDisposable
{
    private readonly Convolution2d _conv;
    private readonly BatchNorm _bn;
    private Tensor? _weight, _bias;

    internal FoldedPair(Convolution2d conv, BatchNorm bn)
    {
        if (conv.Folding is not null || bn.Folding is not null)
            throw new InvalidOperationException("This convolution and batch norm are already folded; dispose the earlier FoldedBatchNorms first.");
        _conv = conv;
        _bn = bn;
        conv.Folding = this;
        bn.Folding = this;
    }

    /// <summary>True when the pair computes through the folded weights: both in eval mode and no gradients recorded.</summary>
    internal bool Applies => !_conv.training && !_bn.training && !is_grad_enabled();

    /// <summary>The folded weight and bias, computed now if the snapshot is missing or on another device.</summary>
    internal (Tensor Weight, Tensor Bias) Snapshot()
    {
        var source = _conv.Weight;
        // Compared by type and index: Tensor.device returns a new Device object on every call.
        if (_weight is null || _bias is null || _weight.device_type != source.device_type || _weight.device_index != source.device_index) Compute();
        return (_weight!, _bias!);
    }

    internal void Invalidate()
    {
        _weight?.Dispose();
        _bias?.Dispose();
        _weight = _bias = null;
    }

    private void Compute()
    {
        Invalidate();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // In float64, so the fold itself adds no rounding beyond the final cast.
        var type = _conv.Weight.dtype;
        // Tensor arithmetic through TensorOps and mul/sub with tensors only: no implicitly converted scalars (see Scalars).
        var scale = _bn.Weight.to(ScalarType.Float64).div(_bn.RunningVar.to(ScalarType.Float64).Plus(_bn.Eps).sqrt());
        var weight = _conv.Weight.to(ScalarType.Float64).mul(scale.view(-1, 1, 1, 1));
        var shift = _bn.Bias.to(ScalarType.Float64).Plus(_bn.RunningMean.to(ScalarType.Float64).mul(scale).neg());
        if (_conv.Bias is { } convBias) shift = shift.Plus(convBias.to(ScalarType.Float64).mul(scale));
        // Out of every dispose scope: the snapshot outlives the call that computes it (often inside a caller's scope).
        _weight = weight.to(type).contiguous().DetachFromDisposeScope();
        _bias = shift.to(type).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        if (ReferenceEquals(_conv.Folding, this)) _conv.Folding = null;
        if (ReferenceEquals(_bn.Folding, this)) _bn.Folding = null;
        Invalidate();
    }
}
