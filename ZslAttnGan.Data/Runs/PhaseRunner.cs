using System.Diagnostics;
using ZslAttnGan.Training;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Runs;

/// <summary>How one run of a training phase ended.</summary>
/// <param name="Result">The trainer's result (its <c>Cancelled</c> is also true when the time budget ended the run).</param>
/// <param name="Elapsed">Wall time of the run, the final checkpoint included.</param>
/// <param name="Steps">Steps done in this run.</param>
/// <param name="StoppedByUser">True when the caller's token (Ctrl-C) stopped the run; false for the step limit or the
/// time budget, which are normal ends.</param>
public sealed record PhaseOutcome(TrainingResult Result, TimeSpan Elapsed, long Steps, bool StoppedByUser)
{
    /// <summary>Seconds per step of this run (NaN when no step was done).</summary>
    public double SecondsPerStep => Steps > 0 ? Elapsed.TotalSeconds / Steps : double.NaN;
}

/// <summary>Runs a trainer until a <see cref="RunLimit"/> is reached or the caller cancels.</summary>
public static class PhaseRunner
{
    /// <summary>Stands for "no step limit" when only a time budget is given. Finite, because the trainer computes an
    /// ETA towards it (a TimeSpan that must not overflow), and far beyond any real run.</summary>
    public const long Unbounded = 100_000_000;

    /// <summary>
    /// Trains until the step limit, the time budget or cancellation, whichever comes first. A time budget is a
    /// cancellation after that long, which the trainers honour at the next step boundary, writing their checkpoint
    /// as on Ctrl-C; here it counts as a normal end. The step in progress when the budget runs out is finished, so a
    /// run takes up to one step (plus the checkpoint) longer than its budget.
    /// </summary>
    public static PhaseOutcome Run(Trainer trainer, ITrainingData data, RunLimit limit, IRunReporter reporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(reporter);
        limit.Validate();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit.Budget is { } budget) stop.CancelAfter(budget);
        long start = trainer.State.Step;
        var clock = Stopwatch.StartNew();
        TrainingResult result;
        using (var progress = reporter.StartPhase(trainer.State.Phase, limit))
            result = trainer.Train(data, limit.Steps ?? Unbounded, progress, stop.Token);
        // Ranks of a distributed run agree on why they stopped (Ctrl-C may have reached one rank only).
        bool byUser = ZslAttnGan.Collectives.ProcessGroupExtensions.AnyRank(trainer.ProcessGroup, result.Cancelled && cancellationToken.IsCancellationRequested);
        return new PhaseOutcome(result, clock.Elapsed, result.State.Step - start, byUser);
    }
}
