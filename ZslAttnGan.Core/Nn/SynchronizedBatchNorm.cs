using System.Runtime.ExceptionServices;
using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Collectives;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// BatchNorm over dimension 1 (for [B, C], [B, C, L] and [B, C, H, W]) whose training-mode statistics are those of the
/// global batch of every rank of an <see cref="IProcessGroup"/>: N ranks with B/N rows each compute what one process
/// with the B rows computes (outputs, gradients, running statistics), which per-rank BatchNorm (the DDP default) does
/// not. Eval mode normalises with the running statistics and never communicates. State-dict keys are those of
/// <see cref="BatchNorm"/> (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>,
/// <c>num_batches_tracked</c>), so checkpoints load either way.
/// </summary>
/// <remarks>
/// <para>Forward (training): each rank sums, per channel and in float64, Σx and Σx² over its shard, and the ranks
/// all-reduce one float64 vector [Σx, Σx², count] (one collective per layer and forward). The global mean is Σx/M and
/// the biased variance Σx²/M − mean² (clamped at 0): float64 is what keeps this one-pass form accurate; its cancellation
/// error is about 1e-16·E[x²]/Var[x] relative, negligible unless |mean| exceeds the standard deviation by ~10⁴. The
/// normalisation itself runs in the input's dtype. Running mean and variance are updated as PyTorch does, with the
/// global unbiased variance (×M/(M−1)) and the momentum (or 1/num_batches_tracked when momentum is null).</para>
/// <para>Backward: the output is composed of ordinary differentiable tensor ops, except the all-reduce, which is a
/// custom autograd function (<see cref="AllReduceSumFunction"/>) whose backward all-reduces the gradient of the summed
/// statistics. Since every rank's statistics are the same sum, the gradient of the total loss (sum of the rank losses)
/// with respect to them is the sum over ranks of each rank's gradient; that all-reduced gradient is exactly PyTorch
/// SyncBatchNorm's all-reduce of Σdy and Σdy·x̂ (the gradient of Σx carries the Σdy term, that of Σx² the Σdy·x̂
/// term), and autograd applies the chain rule from there to the local inputs. Each layer therefore makes one collective
/// in forward and one in backward (and one more per extra order of differentiation, e.g. a gradient penalty with
/// create_graph), in the same order on every rank as long as the ranks run the same graph.</para>
/// <para>Caveats: a rank whose loss does not depend on a layer's output would skip its backward collective and the
/// others would wait. An exception in the backward collective (another rank failed) cannot propagate through
/// libtorch's callback without ending the process: the backward then returns zero gradients and the failure is
/// rethrown by the thread's next synchronised forward (the caller's next collective fails as well).</para>
/// </remarks>
public sealed partial class SynchronizedBatchNorm : nn.Module<Tensor, Tensor>
{
    private static readonly Scalar One = 1L.ToScalar();
    private readonly Parameter? weight;
    private readonly Parameter? bias;
    private readonly Tensor? running_mean;
    private readonly Tensor? running_var;
    private readonly Tensor? num_batches_tracked;

    /// <summary>Creates the layer: weight 1, bias 0, running mean 0, running variance 1 (as <see cref="BatchNorm"/>).</summary>
    /// <param name="features">Channels C.</param>
    /// <param name="group">The ranks whose shards form the global batch.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="momentum">Running-statistics update factor; null averages all batches equally (PyTorch's None).</param>
    public SynchronizedBatchNorm(long features, IProcessGroup group, double eps = 1e-5, double? momentum = 0.1)
        : this(features, group, eps, momentum, new Parameter(ones(features)), new Parameter(zeros(features)),
            zeros(features), ones(features), zeros(Array.Empty<long>(), dtype: ScalarType.Int64))
    {
    }

    /// <summary>Creates a synchronised layer that takes over <paramref name="source"/>'s parameters and buffers (the same
    /// tensors, so the two stay in step), its ε, momentum and train/eval mode.</summary>
    public SynchronizedBatchNorm(BatchNorm source, IProcessGroup group)
        : this(NotNull(source).Features, group, source.Eps, source.Momentum, source.Weight, source.Bias,
            source.RunningMean, source.RunningVar, source.BatchesTracked)
    {
        train(source.training);
    }

    private SynchronizedBatchNorm(long features, IProcessGroup group, double eps, double? momentum, Parameter? weight,
        Parameter? bias, Tensor? runningMean, Tensor? runningVar, Tensor? batchesTracked) : base(nameof(SynchronizedBatchNorm))
    {
        Guard.Positive(features, nameof(features));
        ArgumentNullException.ThrowIfNull(group);
        if ((runningMean is null) != (runningVar is null))
            throw new ArgumentException("running_mean and running_var must both be present or both absent.");
        Features = features;
        Group = group;
        Eps = eps;
        Momentum = momentum;
        this.weight = weight;
        this.bias = bias;
        running_mean = runningMean;
        running_var = runningVar;
        num_batches_tracked = batchesTracked;
        // Null fields (affine = false, track_running_stats = false) are not registered, as in PyTorch.
        RegisterComponents();
    }

    /// <summary>Channels.</summary>
    public long Features { get; }

    /// <summary>The ranks that share batch statistics.</summary>
    public IProcessGroup Group { get; }

    /// <summary>ε.</summary>
    public double Eps { get; }

    /// <summary>Momentum of the running statistics; null: cumulative average.</summary>
    public double? Momentum { get; }

    /// <summary>γ, or null without affine parameters.</summary>
    public Parameter? Weight => weight;

    /// <summary>β, or null without affine parameters.</summary>
    public Parameter? Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() < 2 || input.shape[1] != Features)
            throw new ArgumentException($"input must have shape [B, {Features}, …] but has shape {Guard.Shape(input)}.", nameof(input));
        if (!training && running_mean is not null)
            return nn.functional.batch_norm(input, running_mean, running_var!, weight, bias, false, 0.0, Eps);
        double momentum = 0;
        bool update = training && running_mean is not null;
        if (update)
        {
            using var _ = no_grad();
            num_batches_tracked?.add_(One, One);
            momentum = Momentum ?? 1.0 / (num_batches_tracked?.item<long>() ?? 1);
        }
        // Without running statistics (track_running_stats = false) eval mode also uses global batch statistics.
        return NormalizeGlobally(input, Group, weight, bias, update ? running_mean : null, update ? running_var : null, momentum, Eps);
    }

    /// <summary>The training-mode computation shared with <see cref="BatchNorm.ProcessGroup"/>: normalises
    /// <paramref name="input"/> with the global batch statistics and, when given, updates the running statistics.</summary>
    internal static Tensor NormalizeGlobally(Tensor input, IProcessGroup group, Tensor? weight, Tensor? bias,
        Tensor? runningMean, Tensor? runningVar, double momentum, double eps)
    {
        if (AllReduceSumFunction.PendingFailure is { } failure)
        {
            AllReduceSumFunction.PendingFailure = null;
            throw new InvalidOperationException("A synchronised BatchNorm's backward collective failed on this thread (its gradients were zeros).", failure.SourceException);
        }
        long c = input.shape[1];
        var dims = Enumerable.Range(0, (int)input.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
        var shape = Enumerable.Repeat(1L, (int)input.dim()).ToArray();
        shape[1] = c;
        using var scope = NewDisposeScope();
        var x = input.to_type(ScalarType.Float64);
        using var localCount = (input.numel() / c).ToScalar();
        var local = cat(new[] { x.sum(dims), x.square().sum(dims), full(new long[] { 1 }, localCount, dtype: ScalarType.Float64) });
        var total = AllReduceSumFunction.apply(local, group);
        double count;
        using (no_grad()) count = total[c * 2].item<double>();
        // Same global count on every rank, so every rank throws (no rank is left waiting in a collective).
        if (count < 2)
            throw new InvalidOperationException($"Expected more than 1 value per channel when training, got {count} over {group.Size} rank(s) (input {Guard.Shape(input)}).");
        using var inverseCount = (1.0 / count).ToScalar();
        var mean = total.narrow(0, 0, c).mul(inverseCount);
        var variance = total.narrow(0, c, c).mul(inverseCount).sub(mean.square()).clamp_min(Scalars.S(0));
        if (runningMean is not null && runningVar is not null)
            UpdateRunning(runningMean, runningVar, mean, variance, count, momentum);
        var invStd = variance.Plus(eps).rsqrt();
        var y = input.sub(mean.to_type(input.dtype).view(shape)).mul(invStd.to_type(input.dtype).view(shape));
        if (weight is not null) y = y.mul(weight.view(shape));
        if (bias is not null) y = y.Plus(bias.view(shape));
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>running ← (1 − momentum)·running + momentum·batch, the variance unbiased (×M/(M−1)), as PyTorch.</summary>
    private static void UpdateRunning(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor variance, double count, double momentum)
    {
        using var _ = no_grad();
        using var keep = (1 - momentum).ToScalar();
        using var take = momentum.ToScalar();
        using var unbias = (count / (count - 1)).ToScalar();
        runningMean.mul_(keep).add_(mean.to_type(runningMean.dtype), alpha: take);
        runningVar.mul_(keep).add_(variance.mul(unbias).to_type(runningVar.dtype), alpha: take);
    }

    private static BatchNorm NotNull(BatchNorm source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source;
    }

    /// <summary>Sum over the ranks whose backward is the sum over the ranks of the gradient: y = Σᵣ xᵣ is shared by all
    /// ranks, so ∂(Σᵣ Lᵣ)/∂xᵣ = Σᵣ' ∂Lᵣ'/∂y. Non-tensor argument: the <see cref="IProcessGroup"/> (kept in the context,
    /// since TorchSharp uses one instance of the function for every call and thread).</summary>
    internal sealed class AllReduceSumFunction : torch.autograd.SingleTensorFunction<AllReduceSumFunction>
    {
        /// <summary>The exception a backward collective raised on this thread, not yet reported.</summary>
        [ThreadStatic]
        internal static ExceptionDispatchInfo? PendingFailure;

        /// <inheritdoc />
        public override string Name => "SynchronizedBatchNormAllReduce";

        /// <inheritdoc />
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var local = (Tensor)vars[0];
            var group = (IProcessGroup)vars[1];
            ctx.save_data("group", group);
            var total = local.contiguous().clone();
            group.AllReduceSum(new[] { total });
            return total;
        }

        /// <inheritdoc />
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            // The backward is the same all-reduce, applied as this function again: under create_graph (the gradient
            // penalties of the discriminators) the gradient's own gradient is then all-reduced as well; a plain
            // in-place all-reduce here would be a constant to double backward and give wrong penalty gradients.
            var group = (IProcessGroup)ctx.get_data("group");
            try
            {
                return new List<Tensor> { apply(grad_output, group), null! };
            }
            catch (Exception e)
            {
                // An exception must not leave this callback: it would cross libtorch's frames and end the process
                // (seen with a cancelled collective). The failure is kept and rethrown by this thread's next
                // synchronised forward; the group is broken anyway, so the caller's next collective fails too.
                PendingFailure = ExceptionDispatchInfo.Capture(e);
                return new List<Tensor> { zeros_like(grad_output), null! };
            }
        }
    }
}
