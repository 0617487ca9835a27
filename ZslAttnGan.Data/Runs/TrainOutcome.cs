namespace ZslAttnGan.Runs;

/// <summary>What a <see cref="TrainingRun"/> run did.</summary>
/// <param name="Phase">The phase trained.</param>
/// <param name="Run">Steps, time and losses of the run.</param>
/// <param name="CheckpointDirectory">The checkpoint written at the end (or on cancellation).</param>
/// <param name="Previews">Preview images written at the end of the run.</param>
/// <param name="TrainingImages">Images trained on.</param>
/// <param name="Classes">Classes trained on (the ZSL discriminator's classes).</param>
public sealed record TrainOutcome(TrainingPhase Phase, PhaseOutcome Run, string CheckpointDirectory, IReadOnlyList<string> Previews,
    int TrainingImages, int Classes)
{
    /// <summary>metrics.csv of the run (losses, learning rates and throughput at every log step).</summary>
    public string? MetricsFile { get; init; }

    /// <summary>The PNG plot of those curves.</summary>
    public string? PlotFile { get; init; }
}
