using ZslAttnGan.Gazsl;
using System.Diagnostics;
using System.Runtime.InteropServices;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Runs;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Quickstart;

/// <summary>
/// The quick start: writes the synthetic birds, trains the encoders and then the GAN of the <c>Synthetic</c> preset for a
/// fixed number of steps with a fixed seed (so the same command on the same machine writes the same checkpoint; a busy
/// machine only makes it slower), writes preview grids for seen and unseen species, the checkpoint, and a report with
/// the evaluation's metrics. An optional time limit (<see cref="QuickstartOptions.TimeLimit"/>) also stops each phase
/// at its share of the time: then <see cref="QuickstartOptions.EncoderShare"/> of what is left after the data and a
/// reserve goes to the encoders and the rest to the GAN.
/// </summary>
public static class QuickstartWorkflow
{
    /// <summary>File and folder names inside the output folder.</summary>
    public const string DataFolder = "data", EncodersFolder = "encoders", ReportMarkdownFile = "report.md", ReportJsonFile = "report.json";

    /// <summary>Runs the quick start. Ctrl-C (the token) stops the current phase after its checkpoint and returns with
    /// <see cref="QuickstartResult.StoppedByUser"/>; no report is written then.</summary>
    public static QuickstartResult Run(QuickstartOptions options, IRunReporter reporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reporter);
        options.Validate();
        var started = DateTimeOffset.Now;
        var load = MachineLoad.OneMinuteAverage();
        var clock = Stopwatch.StartNew();
        var output = Path.GetFullPath(options.OutputDirectory);
        var dataDir = Path.Combine(output, DataFolder);
        var stages = new Dictionary<string, double>();
        var warnings = new List<string>();
        if (options.GanSteps < QuickstartOptions.MinimumUsefulGanSteps)
        {
            warnings.Add($"Only {options.GanSteps} GAN steps (fewer than {QuickstartOptions.MinimumUsefulGanSteps}): the generator will be " +
                         $"untrained and its previews grey or blotchy. The default budget trains {QuickstartOptions.DefaultGanSteps}.");
            reporter.Info("Warning: " + warnings[^1]);
        }
        var reserve = options.TimeLimit is { } total ? options.Reserve + total * options.ReserveFraction : TimeSpan.Zero;

        reporter.Info($"Writing the synthetic birds to {dataDir}…");
        var birds = SyntheticBirdsGenerator.Generate(dataDir, options.Synthetic, cancellationToken);
        stages["synthetic data"] = clock.Elapsed.TotalSeconds;

        TimeSpan? encoderTime = options.TimeLimit is { } t1 ? Positive((t1 - clock.Elapsed - reserve) * options.EncoderShare) : null;
        var stage = Stopwatch.StartNew();
        var encoders = RunPhase(TrainingPhase.Encoders, Path.Combine(output, EncodersFolder), null, new RunLimit(options.EncoderSteps, encoderTime),
            options, dataDir, reporter, cancellationToken);
        stages["encoders"] = stage.Elapsed.TotalSeconds;
        if (encoders.Run.StoppedByUser)
            return new QuickstartResult(output, dataDir, encoders.CheckpointDirectory, [], null, null, true, clock.Elapsed);

        TimeSpan? ganTime = options.TimeLimit is { } t2 ? Positive(t2 - clock.Elapsed - reserve) : null;
        stage.Restart();
        var gan = RunPhase(TrainingPhase.Gan, output, encoders.CheckpointDirectory, new RunLimit(options.GanSteps, ganTime),
            options, dataDir, reporter, cancellationToken);
        stages["gan and previews"] = stage.Elapsed.TotalSeconds;
        if (gan.Run.StoppedByUser)
            return new QuickstartResult(output, dataDir, gan.CheckpointDirectory, [], null, null, true, clock.Elapsed);
        foreach (var (phase, limit) in new[] { (encoders, options.EncoderSteps), (gan, options.GanSteps) })
            if (phase.Run.Steps < limit)
            {
                warnings.Add($"The time limit stopped the {phase.Phase.Name()} after {phase.Run.Steps} of {limit} steps: this result depends on the machine's speed and load.");
                reporter.Info("Warning: " + warnings[^1]);
            }

        stage.Restart();
        var context = new QuickstartEvaluationContext(gan.CheckpointDirectory, dataDir, birds.SeenClassesFile, birds.UnseenClassesFile,
            birds.AttributesFile, Path.Combine(output, "evaluation"), options.Device, reporter);
        var (metrics, note) = Evaluate(options.Evaluation, context, cancellationToken);
        stages["evaluation"] = stage.Elapsed.TotalSeconds;
        if (options.Gazsl)
        {
            stage.Restart();
            metrics = [.. metrics, .. Gazsl(dataDir, Path.Combine(output, GazslFolder), options.GazslTraining, reporter, cancellationToken)];
            stages["gazsl"] = stage.Elapsed.TotalSeconds;
        }

        var report = new QuickstartReport
        {
            Started = started,
            EncoderSteps = options.EncoderSteps,
            GanSteps = options.GanSteps,
            TimeLimitMinutes = options.TimeLimit?.TotalMinutes,
            Seed = options.Seed ?? options.Preset.Training.Seed,
            WallSeconds = clock.Elapsed.TotalSeconds,
            Machine = $"{RuntimeInformation.OSDescription}, {Bench.CpuName.Describe()}, {Environment.ProcessorCount} cores, {options.Device?.ToString() ?? "cpu"}" +
                (CpuKernelIsa.Active is { } kernels ? $", libtorch CPU kernels {kernels}" : ""),
            Threads = get_num_threads(),
            LoadAverageAtStart = load,
            Preset = options.Preset.Name,
            Dataset = new DatasetSummary(DataFolder, birds.ImageCount, birds.Species.Count(s => !s.Unseen), birds.Species.Count(s => s.Unseen), encoders.TrainingImages),
            Phases = [Summary(encoders, options.EncoderSteps, encoderTime), Summary(gan, options.GanSteps, ganTime)],
            StageSeconds = stages,
            Metrics = metrics,
            EvaluationNote = note,
            Warnings = warnings,
            Checkpoint = Path.GetRelativePath(output, gan.CheckpointDirectory),
            Previews = gan.Previews.Select(p => Path.GetRelativePath(output, p)).ToList(),
            Curves = new[] { encoders.PlotFile, gan.PlotFile }.OfType<string>().Select(p => Path.GetRelativePath(output, p)).ToList(),
        };
        var markdown = Path.Combine(output, ReportMarkdownFile);
        var json = Path.Combine(output, ReportJsonFile);
        QuickstartReportWriter.WriteJson(report, json);
        QuickstartReportWriter.WriteMarkdown(report, markdown);
        return new QuickstartResult(output, dataDir, gan.CheckpointDirectory, gan.Previews, markdown, json, false, clock.Elapsed);
    }

    /// <summary>Folder of the GAZSL run inside the output folder (<see cref="QuickstartOptions.Gazsl"/>).</summary>
    public const string GazslFolder = "gazsl";

    /// <summary>Trains GAZSL on the birds and returns its figures as report metrics (prefixed <c>gazsl_</c>).</summary>
    private static IEnumerable<ReportMetric> Gazsl(string dataDir, string output, ZslAttnGan.Gazsl.Training.GazslTrainingOptions? training,
                                                   IRunReporter reporter, CancellationToken cancellationToken)
    {
        reporter.Info("Training ZSL-GAN (GAZSL) on the same birds…");
        var report = GazslRun.Train(new GazslRunRequest
        {
            DataRoot = dataDir,
            OutputDirectory = output,
            Options = training,
            Task = new GazslTaskOptions { FeatureCache = Path.Combine(output, "features") },
        }, cancellationToken: cancellationToken);
        var r = report.Result;
        const string How = "ZSL-GAN (GAZSL) on ResNet-18 features and TF-IDF of the captions, 60 features per class, 20-NN";
        yield return new ReportMetric("gazsl_zsl_top1", r.ZslAccuracy / 100, "unseen", How);
        if (r.GzslHarmonic is double h) yield return new ReportMetric("gazsl_gzsl_harmonic_mean", h / 100, "all", How);
        if (r.GzslAuc is double auc) yield return new ReportMetric("gazsl_gzsl_auc", auc, "all", How);
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

    private static TrainOutcome RunPhase(TrainingPhase phase, string outputDirectory, string? resumeFrom, RunLimit limit, QuickstartOptions options,
        string dataDir, IRunReporter reporter, CancellationToken cancellationToken)
    {
        reporter.Info($"Training the {phase.Name()}: {limit.Steps} steps{(limit.Budget is { } b ? $" or {b.TotalMinutes:0.0} min, whichever comes first" : "")}…");
        return TrainingRun.Run(new TrainRequest
        {
            Phase = phase,
            Preset = options.Preset,
            DataRoot = dataDir,
            OutputDirectory = outputDirectory,
            ResumeFrom = resumeFrom,
            Limit = limit,
            Device = options.Device,
            AdjustTraining = t => t with { LogInterval = 50, Seed = options.Seed ?? t.Seed },
            PreviewSpecies = options.PreviewSpecies,
            LoggerFactory = options.LoggerFactory,
        }, reporter, cancellationToken);
    }

    private static PhaseSummary Summary(TrainOutcome o, long steps, TimeSpan? time) => new(
        o.Phase.Name(), o.Run.Steps, o.Run.Elapsed.TotalSeconds, o.Run.Steps > 0 ? o.Run.SecondsPerStep : null, steps, time?.TotalSeconds,
        o.Run.StoppedByUser ? "user" : o.Run.Steps >= steps ? "steps" : "time limit", o.Run.Result.LastLosses);

    // A phase always gets a little time, so a tiny limit still trains a step and writes a checkpoint.
    private static TimeSpan Positive(TimeSpan t) => t > TimeSpan.FromSeconds(1) ? t : TimeSpan.FromSeconds(1);
}
