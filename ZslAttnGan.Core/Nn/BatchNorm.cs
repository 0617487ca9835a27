using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// BatchNorm over dimension 1 (for [B, C] and [B, C, H, W] alike), with PyTorch's semantics and state-dict keys
/// (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>). It replaces
/// TorchSharp's BatchNorm1d/2d, whose training forward increments <c>num_batches_tracked</c> with an implicitly
/// converted scalar that the GC finalizer can free during the native call (see <see cref="TorchSharpWorkarounds.Scalars"/>); that made a
/// long CPU run fail with "For integral input tensors, argument alpha must not be a floating point number".
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

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (input.dim() < 2 || input.shape[1] != Features)
            throw new ArgumentException($"input must have shape [B, {Features}, …] but has shape {Guard.Shape(input)}.", nameof(input));
        if (training)
        {
            using var _ = no_grad();
            num_batches_tracked.add_(One, One);
        }
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Eps);
    }
}
