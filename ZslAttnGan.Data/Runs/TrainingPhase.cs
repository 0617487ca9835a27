namespace ZslAttnGan.Runs;

/// <summary>Which trainer a run uses.</summary>
public enum TrainingPhase
{
    /// <summary>DAMSM + ZSL pretraining of the text and image encoders (<c>EncoderTrainer</c>).</summary>
    Encoders,

    /// <summary>The generator and image discriminators with frozen encoders (<c>GanTrainer</c>).</summary>
    Gan,

    /// <summary>Both at once from one data pass (<c>JointTrainer</c>).</summary>
    Joint,
}

/// <summary>Names of <see cref="TrainingPhase"/> values as the trainers and checkpoints spell them.</summary>
public static class TrainingPhaseNames
{
    /// <summary>"encoders", "gan" or "joint".</summary>
    public static string Name(this TrainingPhase phase) => phase switch
    {
        TrainingPhase.Encoders => "encoders",
        TrainingPhase.Gan => "gan",
        TrainingPhase.Joint => "joint",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown phase."),
    };

    /// <summary>Parses "encoders", "gan" or "joint" (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static TrainingPhase Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "encoders" or "encoder" => TrainingPhase.Encoders,
        "gan" => TrainingPhase.Gan,
        "joint" => TrainingPhase.Joint,
        _ => throw new ArgumentException($"Unknown phase '{name}': use encoders, gan or joint."),
    };
}
