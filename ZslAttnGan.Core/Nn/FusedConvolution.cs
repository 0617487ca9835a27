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
        EnsureSnapshot();
        if (merged) return SubPixelUpsampling.Forward(input, _kernels!, _bias);
        var safe = Convolution2d.SafeInput(input, _conv.InChannels, _conv.OutChannels);
        return nn.functional.conv2d(safe, _weight!, _bias, strides: _conv.Strides, padding: _conv.Paddings);
    }

    internal void Invalidate()
    {
        _weight?.Dispose();
        _bias?.Dispose();
        _kernels?.Dispose();
        _weight = _bias = _kernels = null;
    }

    private void EnsureSnapshot()
    {
        var source = _conv.Weight;
        // Compared by type and index: Tensor.device returns a new Device object on every call.
        if (_weight is not null && _weight.device_type == source.device_type && _weight.device_index == source.device_index) return;
        Invalidate();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var type = source.dtype;
        // In float64, so the fusion itself adds no rounding beyond the final cast. Tensor arithmetic through TensorOps
        // and with tensors only: no implicitly converted scalars (see Scalars).
        var weight = source.to(ScalarType.Float64);
        Tensor? bias = _conv.Bias?.to(ScalarType.Float64);
        if (_bn is not null)
        {
            var scale = _bn.Weight.to(ScalarType.Float64).div(_bn.RunningVar.to(ScalarType.Float64).Plus(_bn.Eps).sqrt());
            weight = weight.mul(scale.view(-1, 1, 1, 1));
            var shift = _bn.Bias.to(ScalarType.Float64).Plus(_bn.RunningMean.to(ScalarType.Float64).mul(scale).neg());
            bias = bias is null ? shift : shift.Plus(bias.mul(scale));
        }
        // Out of every dispose scope: the snapshot outlives the call that takes it (often inside a caller's scope).
        _weight = weight.to(type).contiguous().DetachFromDisposeScope();
        _bias = bias?.to(type).DetachFromDisposeScope();
        if (_upsample is not null) _kernels = SubPixelUpsampling.Kernels(weight).to(type).contiguous().DetachFromDisposeScope();
    }

    public void Dispose()
    {
        if (_upsample is not null && ReferenceEquals(_upsample.Fusion, this)) _upsample.Fusion = null;
        if (ReferenceEquals(_conv.Fusion, this)) _conv.Fusion = null;
        if (_bn is not null && ReferenceEquals(_bn.Fusion, this)) _bn.Fusion = null;
        Invalidate();
    }
}
