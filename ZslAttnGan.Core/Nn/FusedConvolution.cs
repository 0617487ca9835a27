using TorchSharp;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// One convolution fused with the batch norm after it, the up-sampling before it, or both (<see cref="InferenceFusion"/>):
/// decides when the fused path applies, for all its modules alike, and holds the snapshot of the fused weights.
/// </summary>
internal sealed class FusedConvolution : IDisposable
{
    private readonly NearestUpsample? _upsample;
    private readonly Convolution2d _conv;
    private readonly BatchNorm? _bn;
    private Tensor? _weight, _bias, _kernels;
    private bool _upsampleSkipped;

    internal FusedConvolution(NearestUpsample? upsample, Convolution2d conv, BatchNorm? bn)
    {
        if (upsample?.Fusion is not null || conv.Fusion is not null || bn?.Fusion is not null)
            throw new InvalidOperationException("This layer is already fused; dispose the earlier FusedLayers first.");
        _upsample = upsample;
        _conv = conv;
        _bn = bn;
        if (upsample is not null) upsample.Fusion = this;
        conv.Fusion = this;
        if (bn is not null) bn.Fusion = this;
    }

    internal bool HasBatchNorm => _bn is not null;

    internal bool HasUpsample => _upsample is not null;

    /// <summary>Eval mode everywhere and no gradients recorded.</summary>
    private bool Applies => !_conv.training && _bn?.training != true && _upsample?.training != true && !is_grad_enabled();

    /// <summary>Called by the up-sampling: true when it should hand its input on unchanged, because the convolution
    /// will up-sample as it convolves. Records the decision for the convolution's forward that follows.</summary>
    internal bool SkipUpsample(NearestUpsample caller, Tensor input)
    {
        _upsampleSkipped = ReferenceEquals(caller, _upsample) && Applies && input.shape[2] * input.shape[3] >= InferenceFusion.SubPixelMinimumPixels;
        return _upsampleSkipped;
    }

    /// <summary>Called by the batch norm: true when the convolution before it already normalised.</summary>
    internal bool SkipBatchNorm => _bn is not null && Applies;

    /// <summary>The convolution's output on the fused path, or null when the plain path applies.</summary>
    internal Tensor? Forward(Tensor input)
    {
        bool merged = _upsampleSkipped;
        _upsampleSkipped = false;
        if (!Applies)
        {
            if (merged) throw new InvalidOperationException("The up-sampling before a fused convolution was skipped, but the convolution is no longer in fused mode.");
            return null;
        }
        if (merged) return SubPixelUpsampling.Forward(input, MergedKernels(), FusedBias());
        if (_bn is null) return null; // no batch norm to fold: the plain convolution
        var safe = Convolution2d.SafeInput(input, _conv.InChannels, _conv.OutChannels);
        return nn.functional.conv2d(safe, FusedWeight(), FusedBias(), strides: _conv.Strides, padding: _conv.Paddings);
    }

    internal void Invalidate()
    {
        _weight?.Dispose();
        _bias?.Dispose();
        _kernels?.Dispose();
        _weight = _bias = _kernels = null;
    }

    // The snapshot is built piece by piece, each on first use: a merged up block needs only its parity kernels, an
    // unmerged one (a small input) only its folded weight. Float32 with every temporary freed at once keeps the
    // transient memory to about one weight's size (in float64 the bird generator's first call added 0.1 GB of peak RSS).

    /// <summary>The weight with the batch norm folded in (only called when there is one).</summary>
    private Tensor FusedWeight()
    {
        DropIfMoved();
        if (_weight is not null) return _weight;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = _conv.Weight.mul(Scale()!.view(-1, 1, 1, 1)).contiguous();
        // Out of every dispose scope: the snapshot outlives the call that takes it (often inside a caller's scope).
        return _weight = weight.DetachFromDisposeScope();
    }

    private Tensor MergedKernels()
    {
        DropIfMoved();
        if (_kernels is not null) return _kernels;
        using var _ = no_grad();
        if (_bn is null)
        {
            _kernels = SubPixelUpsampling.Kernels(_conv.Weight).DetachFromDisposeScope();
            return _kernels;
        }
        // The folded weight is only a step here unless the unmerged path (small inputs) already holds it.
        bool keepWeight = _weight is not null;
        _kernels = SubPixelUpsampling.Kernels(FusedWeight()).DetachFromDisposeScope();
        if (!keepWeight)
        {
            _weight!.Dispose();
            _weight = null;
        }
        return _kernels;
    }

    /// <summary>The bias of the fused convolution: the folded shift with a batch norm, else the convolution's own.</summary>
    private Tensor? FusedBias()
    {
        if (_bn is null) return _conv.Bias;
        DropIfMoved();
        if (_bias is not null) return _bias;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var scale = Scale()!;
        // Tensor arithmetic through TensorOps and with tensors only: no implicitly converted scalars (see Scalars).
        var shift = _bn.Bias.Plus(_bn.RunningMean.mul(scale).neg());
        if (_conv.Bias is { } convBias) shift = shift.Plus(convBias.mul(scale));
        return _bias = shift.DetachFromDisposeScope();
    }

    /// <summary>γ / √(σ² + ε) of the batch norm, or null without one.</summary>
    private Tensor? Scale() => _bn is null ? null : _bn.Weight.div(_bn.RunningVar.Plus(_bn.Eps).sqrt());

    /// <summary>Drops the snapshot when the convolution moved to another device. Compared by type and index:
    /// Tensor.device returns a new Device object on every call.</summary>
    private void DropIfMoved()
    {
        var held = _weight ?? _kernels ?? _bias;
        var source = _conv.Weight;
        if (held is not null && (held.device_type != source.device_type || held.device_index != source.device_index)) Invalidate();
    }

    public void Dispose()
    {
        if (_upsample is not null && ReferenceEquals(_upsample.Fusion, this)) _upsample.Fusion = null;
        if (ReferenceEquals(_conv.Fusion, this)) _conv.Fusion = null;
        if (_bn is not null && ReferenceEquals(_bn.Fusion, this)) _bn.Fusion = null;
        Invalidate();
    }
}
