using System.Diagnostics;
using System.Runtime.InteropServices;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Workflows.Reporting;
using ZslAttnGan.Workflows.Training;

namespace ZslAttnGan.Workflows.Quickstart;

/// <summary>
/// The quick start: writes the synthetic birds, trains the encoders and then the GAN of the <c>Synthetic</c> model
/// within a wall-time budget (with the <c>Synthetic</c> preset), writes preview grids for seen and unseen species, the checkpoint, and a report with the
/// metrics available. The budget is split as: synthetic data (as long as it takes), then of what is left minus a
/// reserve for previews, evaluation and report, <see cref="QuickstartOptions.EncoderShare"/> for the encoders and the
/// rest for the GAN (the GAN's share is recomputed when it starts, so time the encoders did not use goes to it).
/// </summary>
public static class QuickstartWorkflow
{
    /// <summary>File and folder names inside the output folder.</summary>
    public const string DataFolder = "data", EncodersFolder = "encoders", ReportMarkdownFile = "report.md", ReportJsonFile = "report.json";

    /// <summary>Runs the quick start. Ctrl-C (the token) stops the current phase after its checkpoint and returns with
    /// <see cref="QuickstartResult.StoppedByUser"/>; no report is written then.</summary>
    public static QuickstartResult Run(QuickstartOptions options, IWorkflowReporter reporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reporter);
        options.Validate();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var output = Path.GetFullPath(options.OutputDirectory);
        var dataDir = Path.Combine(output, DataFolder);
        var stages = new Dictionary<string, double>();
        var reserve = options.Reserve + options.Budget * options.ReserveFraction;

        reporter.Info($"Writing the synthetic birds to {dataDir}…");
        var birds = SyntheticBirdsGenerator.Generate(dataDir, options.Synthetic, cancellationToken);
        stages["synthetic data"] = clock.Elapsed.TotalSeconds;

        var training = Positive(options.Budget - clock.Elapsed - reserve);
        var stage = Stopwatch.StartNew();
        var encoders = RunPhase(TrainingPhase.Encoders, Path.Combine(output, EncodersFolder), null, training * options.EncoderShare, options, dataDir, reporter, cancellationToken);
        stages["encoders"] = stage.Elapsed.TotalSeconds;
        if (encoders.Run.StoppedByUser)
            return new QuickstartResult(output, dataDir, encoders.CheckpointDirectory, [], null, null, true, clock.Elapsed);

        var ganBudget = Positive(options.Budget - clock.Elapsed - reserve);
        stage.Restart();
        var gan = RunPhase(TrainingPhase.Gan, output, encoders.CheckpointDirectory, ganBudget, options, dataDir, reporter, cancellationToken);
        stages["gan and previews"] = stage.Elapsed.TotalSeconds;
        if (gan.Run.StoppedByUser)
            return new QuickstartResult(output, dataDir, gan.CheckpointDirectory, [], null, null, true, clock.Elapsed);

        stage.Restart();
        var context = new QuickstartEvaluationContext(gan.CheckpointDirectory, dataDir, birds.SeenClassesFile, birds.UnseenClassesFile,
            birds.AttributesFile, Path.Combine(output, "evaluation"), options.Device, reporter);
        var (metrics, note) = Evaluate(options.Evaluation, context, cancellationToken);
        stages["evaluation"] = stage.Elapsed.TotalSeconds;

        var report = new QuickstartReport
        {
            Started = started,
            BudgetMinutes = options.Budget.TotalMinutes,
            WallSeconds = clock.Elapsed.TotalSeconds,
            Machine = $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, {options.Device?.ToString() ?? "cpu"}",
            Preset = options.Preset.Name,
            Dataset = new DatasetSummary(DataFolder, birds.ImageCount, birds.Species.Count(s => !s.Unseen), birds.Species.Count(s => s.Unseen), encoders.TrainingImages),
            Phases = [Summary(encoders, training * options.EncoderShare), Summary(gan, ganBudget)],
            StageSeconds = stages,
            Metrics = metrics,
            EvaluationNote = note,
            Checkpoint = Path.GetRelativePath(output, gan.CheckpointDirectory),
            Previews = gan.Previews.Select(p => Path.GetRelativePath(output, p)).ToList(),
        };
        var markdown = Path.Combine(output, ReportMarkdownFile);
        var json = Path.Combine(output, ReportJsonFile);
        QuickstartReportWriter.WriteJson(report, json);
        QuickstartReportWriter.WriteMarkdown(report, markdown);
        return new QuickstartResult(output, dataDir, gan.CheckpointDirectory, gan.Previews, markdown, json, false, clock.Elapsed);
    }

    /// <summary>
    /// The evaluation hook: runs <paramref name="evaluation"/> on the trained checkpoint and returns its metrics and a
    /// note for the report. Without an evaluation (the module is not wired in yet) or when it fails, the metrics are
    /// empty and the note says why; the quick start still succeeds, because training and previews are its main output.
    /// </summary>
    public static (IReadOnlyList<ReportMetric> Metrics, string? Note) Evaluate(IQuickstartEvaluation? evaluation, QuickstartEvaluationContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (evaluation is null)
            return ([], "No evaluation metrics: the evaluation was switched off. The final training losses are in the table above.");
        context.Reporter.Info("Evaluating…");
        try
        {
            return (evaluation.Evaluate(context, cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ([], $"The evaluation failed: {e.Message}");
        }
    }

    private static TrainOutcome RunPhase(TrainingPhase phase, string outputDirectory, string? resumeFrom, TimeSpan budget, QuickstartOptions options,
        string dataDir, IWorkflowReporter reporter, CancellationToken cancellationToken)
    {
        reporter.Info($"Training the {phase.Name()} for {budget.TotalMinutes:0.0} min…");
        return TrainWorkflow.Run(new TrainRequest
        {
            Phase = phase,
            Preset = options.Preset,
            DataRoot = dataDir,
            OutputDirectory = outputDirectory,
            ResumeFrom = resumeFrom,
            Limit = RunLimit.OfTime(budget),
            Device = options.Device,
            AdjustTraining = t => t with { LogInterval = 50 },
            PreviewSpecies = options.PreviewSpecies,
            LoggerFactory = options.LoggerFactory,
        }, reporter, cancellationToken);
    }

    private static PhaseSummary Summary(TrainOutcome o, TimeSpan budget) => new(
        o.Phase.Name(), o.Run.Steps, o.Run.Elapsed.TotalSeconds, o.Run.Steps > 0 ? o.Run.SecondsPerStep : null, budget.TotalSeconds,
        o.Run.StoppedByUser ? "user" : "time budget", o.Run.Result.LastLosses);

    // A phase always gets a little time, so a tiny budget still trains a step and writes a checkpoint.
    private static TimeSpan Positive(TimeSpan t) => t > TimeSpan.FromSeconds(1) ? t : TimeSpan.FromSeconds(1);
}
