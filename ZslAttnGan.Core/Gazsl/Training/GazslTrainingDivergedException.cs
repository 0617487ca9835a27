namespace ZslAttnGan.Gazsl.Training;

/// <summary>A GAZSL loss became NaN or infinite under <see cref="GazslNonFiniteLossPolicy.Throw"/>. The sub-step's
/// optimiser step was not taken and no checkpoint was written after it.</summary>
public sealed class GazslTrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="iteration">1-based iteration in which it happened.</param>
    /// <param name="subStep">"critic step k" or "generator step".</param>
    /// <param name="loss">the first non-finite loss term (the reference's name).</param>
    /// <param name="value">its value.</param>
    /// <param name="lastCheckpoint">directory of the last checkpoint this run wrote, or null.</param>
    /// <param name="lastCheckpointIteration">its iteration, or null.</param>
    public GazslTrainingDivergedException(long iteration, string subStep, string loss, double value, string? lastCheckpoint, long? lastCheckpointIteration)
        : base($"GAZSL training diverged in iteration {iteration} ({subStep}): loss '{loss}' is {value}. " +
               (lastCheckpoint is null
                   ? "No checkpoint was written in this run before it. "
                   : $"The last checkpoint, '{lastCheckpoint}' (iteration {lastCheckpointIteration}), was written before it and is intact. ") +
               "Lower the learning rate, check the features' normalisation, or set GazslTrainingOptions.NonFiniteLoss = SkipStep.")
    {
        Iteration = iteration;
        SubStep = subStep;
        Loss = loss;
        Value = value;
        LastCheckpoint = lastCheckpoint;
        LastCheckpointIteration = lastCheckpointIteration;
    }

    /// <summary>1-based iteration in which the value appeared.</summary>
    public long Iteration { get; }

    /// <summary>"critic step k" (1-based) or "generator step".</summary>
    public string SubStep { get; }

    /// <summary>Name of the first non-finite loss term.</summary>
    public string Loss { get; }

    /// <summary>The non-finite value.</summary>
    public double Value { get; }

    /// <summary>Directory of the last checkpoint written before it, or null.</summary>
    public string? LastCheckpoint { get; }

    /// <summary>Iteration of <see cref="LastCheckpoint"/>, or null.</summary>
    public long? LastCheckpointIteration { get; }
}
