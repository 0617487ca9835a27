namespace ZslAttnGan.Training;

/// <summary>A loss became NaN or infinite. Nothing was updated from that batch and no checkpoint was written after it.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(long step, string loss, double value)
        : this(step, loss, value, null, null)
    {
    }

    /// <summary>Creates the exception, naming the last checkpoint written before the step.</summary>
    /// <param name="step">The step whose batch produced the value.</param>
    /// <param name="loss">Name of the loss.</param>
    /// <param name="value">The non-finite value.</param>
    /// <param name="lastCheckpoint">Directory of the last checkpoint this run wrote, or null.</param>
    /// <param name="lastCheckpointStep">Its step, or null.</param>
    public TrainingDivergedException(long step, string loss, double value, string? lastCheckpoint, long? lastCheckpointStep)
        : base($"Training diverged at step {step}: loss '{loss}' is {value}. " +
               (lastCheckpoint is null
                   ? "No checkpoint was written in this run before it. "
                   : $"The last checkpoint, '{lastCheckpoint}' (step {lastCheckpointStep}), was written before it and is intact. ") +
               "Lower the learning rates (or raise the gradient clipping), or set TrainingOptions.NonFiniteLoss = SkipBatch to skip such batches.")
    {
        Step = step;
        Loss = loss;
        Value = value;
        LastCheckpoint = lastCheckpoint;
        LastCheckpointStep = lastCheckpointStep;
    }

    /// <summary>The step whose batch produced the value.</summary>
    public long Step { get; }

    /// <summary>Name of the loss.</summary>
    public string Loss { get; }

    /// <summary>The non-finite value.</summary>
    public double Value { get; }

    /// <summary>Directory of the last checkpoint written before the step, or null.</summary>
    public string? LastCheckpoint { get; }

    /// <summary>The step of <see cref="LastCheckpoint"/>, or null.</summary>
    public long? LastCheckpointStep { get; }
}
