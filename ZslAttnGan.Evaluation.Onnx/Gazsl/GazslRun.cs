using System.Diagnostics;
using ZslAttnGan.Gazsl.Training;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// A GAZSL run as the CLI's <c>gazsl train</c> and <c>gazsl evaluate</c> do it: read the data in any layout, train
/// with the layout's preset (or given options), write a checkpoint to <c>&lt;out&gt;/checkpoint</c> every
/// <see cref="GazslTrainingOptions.CheckpointInterval"/> iterations and at the end (also when cancelled), resume
/// exactly, put the selected weights back, evaluate them and write the report.
/// </summary>
public static class GazslRun
{
    /// <summary>The checkpoint folder inside the run folder.</summary>
    public const string CheckpointFolder = "checkpoint";

    /// <summary>Runs the request. Cancellation stops at an iteration boundary after the checkpoint is written; the
    /// report then covers the iterations done.</summary>
    /// <exception cref="ArgumentException">The data or options do not fit (the message names the file or field).</exception>
    /// <exception cref="Checkpoints.CheckpointException">The checkpoint to resume does not fit the data or options.</exception>
    public static GazslReport Train(GazslRunRequest request, IProgress<GazslTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var task = GazslTask.Load(request.DataRoot, request.Task, cancellationToken: cancellationToken);
        var options = (request.AdjustOptions ?? (o => o))(request.Options ?? task.DefaultPreset);
        using var trainer = GazslTrainer.Create(task.Data, options, request.Logger);
        if (request.ResumeFrom is not null) trainer.Resume(request.ResumeFrom);
        var group = request.ProcessGroup ?? Collectives.SingleProcessGroup.Instance;
        trainer.ProcessGroup = group;
        // The trainer writes the checkpoint every CheckpointInterval iterations and at the end, also when cancelled.
        trainer.CheckpointDirectory = Path.Combine(request.OutputDirectory, CheckpointFolder);
        var clock = Stopwatch.StartNew();
        trainer.Train(progress: progress, cancellationToken: cancellationToken);
        var report = Report(trainer, task, clock.Elapsed.TotalSeconds);
        // Every rank holds the same report (the evaluations draw from the seed and the iteration only); rank 0 writes it.
        if (group.Rank == 0) report.Write(request.OutputDirectory);
        return report;
    }

    /// <summary>Evaluates the checkpoint of a run (its selected weights) on <paramref name="dataRoot"/>, read with
    /// <paramref name="taskOptions"/> — the data it was trained on — and writes the report to <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="Checkpoints.CheckpointException">The checkpoint is unreadable or does not fit the data.</exception>
    public static GazslReport Evaluate(string checkpointDirectory, string dataRoot, GazslTaskOptions? taskOptions, string outputDirectory,
                                       CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointDirectory);
        var manifest = GazslCheckpoint.ReadManifest(checkpointDirectory);
        using var task = GazslTask.Load(dataRoot, taskOptions, cancellationToken: cancellationToken);
        using var trainer = GazslTrainer.Create(task.Data, manifest.Options);
        trainer.Resume(checkpointDirectory);
        var report = Report(trainer, task, 0);
        report.Write(outputDirectory);
        return report;
    }

    private static GazslReport Report(GazslTrainer trainer, GazslTask task, double seconds)
    {
        var selected = trainer.SelectedEvaluation;
        trainer.ApplySelectedWeights();
        var result = trainer.Evaluate();
        var notes = task.Notes.ToList();
        if (trainer.Options.ModelSelection == GazslModelSelection.TestSetLikeReference)
            notes.Add("The weights were chosen by their accuracy on the unseen TEST classes, as the original code does: the figures are optimistic.");
        if (trainer.Options.ModelSelection == GazslModelSelection.ValidationSplit)
            notes.Add($"The weights were chosen on {trainer.HeldOutClasses.Count} held-out seen class{(trainer.HeldOutClasses.Count == 1 ? "" : "es")}, never on the test classes.");
        return new GazslReport(task.Layout.ToString(), task.Source, task.Data.SeenClasses, task.Data.UnseenClasses, task.Data.TrainFeatures.shape[0],
            trainer.Iteration, seconds, trainer.Options.ModelSelection.ToString(), result with { Iteration = trainer.Iteration },
            selected?.Iteration, trainer.Evaluations, notes);
    }
}
