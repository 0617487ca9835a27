using ZslAttnGan.Training;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Runs;

/// <summary>
/// Where a workflow tells a person what it is doing. The CLI draws progress bars with Spectre.Console; tests and
/// embedding apps pass <see cref="NullWorkflowReporter"/> or their own. Workflows never write to the console.
/// </summary>
public interface IRunReporter
{
    /// <summary>A one-line status message ("Writing the synthetic birds…").</summary>
    void Info(string message);

    /// <summary>Starts the display of one training phase; dispose the result when the phase ends.</summary>
    /// <param name="title">What is trained ("encoders", "gan", "joint").</param>
    /// <param name="limit">The phase's step and time limits; the display shows progress towards whichever ends it first.</param>
    IPhaseProgress StartPhase(string title, RunLimit limit);
}

/// <summary>Receives the trainer's reports of one phase; disposing it closes the display of the phase.</summary>
public interface IPhaseProgress : IProgress<TrainingProgress>, IDisposable
{
}

/// <summary>A reporter that shows nothing.</summary>
public sealed class NullWorkflowReporter : IRunReporter
{
    /// <summary>The shared instance.</summary>
    public static NullWorkflowReporter Instance { get; } = new();

    /// <inheritdoc />
    public void Info(string message) { }

    /// <inheritdoc />
    public IPhaseProgress StartPhase(string title, RunLimit limit) => NullPhase.Instance;

    private sealed class NullPhase : IPhaseProgress
    {
        public static NullPhase Instance { get; } = new();
        public void Report(TrainingProgress value) { }
        public void Dispose() { }
    }
}
