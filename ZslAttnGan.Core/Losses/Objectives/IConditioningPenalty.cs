using static TorchSharp.torch;

namespace ZslAttnGan.Losses;

/// <summary>
/// The regulariser of a variational sentence conditioner (AttnGAN's conditioning augmentation): a penalty on the
/// distribution N(μ, σ²) the condition is drawn from. Built in: <see cref="KlDivergencePenalty"/>; set
/// <see cref="Training.TrainingObjectives.Conditioning"/> to use your own.
/// </summary>
public interface IConditioningPenalty
{
    /// <summary>Name for logs (the built-in one logs as <c>kl</c>).</summary>
    string Name { get; }

    /// <summary>The penalty (before <see cref="Training.LossOptions.KlWeight"/>) of means and log-variances [B, C].</summary>
    Tensor Compute(Tensor mu, Tensor logVar);
}

/// <summary>KL(N(μ, σ²) ‖ N(0, I)) as AttnGAN computes it (<see cref="GanLosses.KlDivergence"/>).</summary>
public sealed class KlDivergencePenalty : IConditioningPenalty
{
    /// <inheritdoc />
    public string Name => "kl";

    /// <inheritdoc />
    public Tensor Compute(Tensor mu, Tensor logVar) => GanLosses.KlDivergence(mu, logVar);
}
