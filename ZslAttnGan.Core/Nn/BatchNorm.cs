using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Collectives;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// BatchNorm over dimension 1 (for [B, C] and [B, C, H, W] alike), with PyTorch's semantics and state-dict keys
/// (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>). It replaces
/// TorchSharp's BatchNorm1d/2d, whose training forward increments <c>num_batches_tracked</c> with an implicitly
/// converted scalar that the GC finalizer can free during the native call (see <see cref="TorchSharpWorkarounds.Scalars"/>); that made a
/// long CPU run fail with "For integral input tensors, argument alpha must not be a floating point number".
/// Setting <see cref="ProcessGroup"/> (or <see cref="SynchronizedBatchNorm.Convert"/>) makes training-mode forwards
/// normalise with the statistics of the global batch of every rank (synchronised BatchNorm) without changing the module
/// tree or its keys.
/// </summary>
public sealed class BatchNorm : nn.Module<Tensor, Tensor>
{
    private static readonly Scalar One = 1L.ToScalar();
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor num_batches_tracked;

    /// <summary>Creates the layer: weight 1, bias 0, running mean 0, running variance 1.</summary>
    /// <param name="features">Channels C.</param>
    /// <param name="eps">Added to the variance (1e-5; Inception-v3 uses 1e-3).</param>
    /// <param name="momentum">Running-statistics update factor (0.1).</param>
    public BatchNorm(long features, double eps = 1e-5, double momentum = 0.1) : base(nameof(BatchNorm))
    {
        Guard.Positive(features, nameof(features));
        Features = features;
        Eps = eps;
        Momentum = momentum;
        weight = new Parameter(ones(features));
        bias = new Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        num_batches_tracked = zeros(Array.Empty<long>(), dtype: ScalarType.Int64);
        RegisterComponents();
    }

    /// <summary>Channels.</summary>
    public long Features { get; }

    /// <summary>ε.</summary>
    public double Eps { get; }

    /// <summary>Momentum of the running statistics.</summary>
    public double Momentum { get; }

    /// <summary>γ.</summary>
    public Parameter Weight => weight;

    /// <summary>β.</summary>
    public Parameter Bias => bias;

    /// <summary>The group whose ranks share batch statistics in training mode (synchronised BatchNorm, see
    /// <see cref="SynchronizedBatchNorm"/>), or null (the default): each rank normalises with its own shard's statistics,
    /// as PyTorch DDP does. Every rank must set the same value. Eval mode never communicates.</summary>
    /// <remarks>A switch on the layer rather than a replacement module, because our components keep their BatchNorms in
    /// typed fields and call them directly: swapping a registered child would not change what their forward calls.</remarks>
    public IProcessGroup? ProcessGroup { get; set; }

    /// <summary>The convolution this layer is folded into (<see cref="InferenceFusion"/>), or null.</summary>
    internal FusedConvolution? Fusion { get; set; }

    internal Tensor RunningMean => running_mean;

    internal Tensor RunningVar => running_var;

    internal Tensor BatchesTracked => num_batches_tracked;

    /// <summary>Batches averaged since <see cref="StartCumulativeStatistics"/>, or null when the running statistics
    /// follow the exponential <see cref="Momentum"/>.</summary>
    internal int? CumulativeBatches { get; private set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (input.dim() < 2 || input.shape[1] != Features)
            throw new ArgumentException($"input must have shape [B, {Features}, …] but has shape {Guard.Shape(input)}.", nameof(input));
        // Folded into the convolution before it (eval mode, no gradients): that convolution already normalised.
        if (Fusion is { SkipBatchNorm: true }) return input.alias();
        double momentum = Momentum;
        if (training)
        {
            using var _ = no_grad();
            num_batches_tracked.add_(One, One);
            // PyTorch's momentum=None: the n-th batch enters with weight 1/n, so the result is the plain average.
            if (CumulativeBatches is int n)
            {
                CumulativeBatches = n + 1;
                momentum = 1.0 / (n + 1);
            }
        }
        if (training && ProcessGroup is { } group)
            return SynchronizedBatchNorm.NormalizeGlobally(input, group, weight, bias, running_mean, running_var, momentum, Eps);
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, Eps);
    }

    /// <summary>Resets the running statistics (mean 0, variance 1, count 0) and makes training-mode forwards average
    /// them with equal weight until <see cref="StopCumulativeStatistics"/> (see <see cref="BatchNormStatistics"/>).</summary>
    internal void StartCumulativeStatistics()
    {
        using var _ = no_grad();
        running_mean.zero_();
        running_var.fill_(One);
        num_batches_tracked.zero_();
        CumulativeBatches = 0;
    }

    /// <summary>Returns to the exponential <see cref="Momentum"/>.</summary>
    internal void StopCumulativeStatistics() => CumulativeBatches = null;
}
