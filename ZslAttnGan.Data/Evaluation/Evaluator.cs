using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZslAttnGan.Inference;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Models;
using ZslAttnGan.Checkpoints;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// Runs the registered metrics that apply on a model and a CUB-format dataset (CUB or the synthetic birds) and
/// collects an <see cref="EvaluationReport"/>. Metrics that cannot run (no FID weights, no IS classifier, no unseen
/// classes, no attributes) are listed in the report's metadata as <c>skipped.&lt;name&gt;</c> with the reason.
/// </summary>
/// <remarks>Sharded evaluation: give every rank the same options with <see cref="EvaluationOptions.ProcessGroup"/> set;
/// every rank returns the whole report. Save it on rank 0 only.</remarks>
public sealed class Evaluator
{
    private readonly ILogger _logger;

    /// <summary>Creates an evaluator over <paramref name="registry"/> (null: <see cref="MetricRegistry.CreateDefault"/>).</summary>
    public Evaluator(MetricRegistry? registry = null, ILogger<Evaluator>? logger = null)
    {
        Registry = registry ?? MetricRegistry.CreateDefault();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The metrics.</summary>
    public MetricRegistry Registry { get; }

    /// <summary>Evaluates a checkpoint directory (loaded on the CPU, with the generator's averaged weights when present).</summary>
    /// <exception cref="Checkpoints.CheckpointException">The checkpoint is incomplete or altered.</exception>
    public EvaluationReport Evaluate(string checkpointDirectory, EvaluationDataset dataset, EvaluationOptions? options = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointDirectory);
        using var pipeline = TextToImagePipeline.Load(checkpointDirectory, parts: ModelParts.All);
        var report = Evaluate(pipeline.Model, pipeline.Vocabulary, dataset, options, progress, cancellationToken);
        var metadata = new Dictionary<string, string>(report.Metadata) { ["checkpoint"] = Path.GetFullPath(checkpointDirectory) };
        return report with { Metadata = metadata };
    }

    /// <summary>Evaluates an assembled model (components are switched to eval mode for each measurement and restored).</summary>
    public EvaluationReport Evaluate(ZslAttnGanModel model, Vocabulary vocabulary, EvaluationDataset dataset, EvaluationOptions? options = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new EvaluationOptions();
        options.Validate();
        var clock = Stopwatch.StartNew();
        progress?.Report(new EvaluationProgress("setup", "loading dataset", 0, 0));
        var data = EvaluationData.Load(dataset, vocabulary);
        var selected = options.Metrics is null ? Registry.All : options.Metrics.Select(Registry.Get).ToList();
        var group = options.ProcessGroup;
        if (group.Size > 1 && selected.FirstOrDefault(m => !m.SupportsSharding) is { } unsharded)
            throw new NotSupportedException($"Metric '{unsharded.Name}' does not support sharded evaluation (IMetric.SupportsSharding is false): " +
                $"on {group.Size} ranks it would measure only each rank's shard. Leave it out of EvaluationOptions.Metrics or evaluate in one process.");

        using var context = new EvaluationContext(model, vocabulary, data, options, progress, cancellationToken);
        var metadata = new Dictionary<string, string>
        {
            ["dataset"] = data.Root,
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["samples_per_split"] = options.SamplesPerSplit.ToString(CultureInfo.InvariantCulture),
            ["seen_classes"] = data.Seen.Classes.Count.ToString(CultureInfo.InvariantCulture),
            ["unseen_classes"] = (data.Unseen?.Classes.Count ?? 0).ToString(CultureInfo.InvariantCulture),
            ["seen_held_out_images"] = data.SeenHeldOut.Count.ToString(CultureInfo.InvariantCulture),
            ["unseen_images"] = (data.Unseen?.Count ?? 0).ToString(CultureInfo.InvariantCulture),
            ["image_size"] = context.ImageSize.ToString(CultureInfo.InvariantCulture),
        };
        if (group.Size > 1) metadata["ranks"] = group.Size.ToString(CultureInfo.InvariantCulture);
        var running = new List<IMetric>();
        foreach (var metric in selected)
        {
            var why = metric.WhyNotApplicable(context);
            if (why is null) running.Add(metric);
            else
            {
                metadata[$"skipped.{metric.Name}"] = why;
                _logger.LogInformation("Skipping {Metric}: {Reason}", metric.Name, why);
            }
        }

        var results = new List<MetricResult>();
        for (int i = 0; i < running.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var metric = running[i];
            context.Current = (metric.Name, i, running.Count);
            context.Report("starting");
            var started = clock.Elapsed;
            results.AddRange(metric.Evaluate(context));
            var seconds = (clock.Elapsed - started).TotalSeconds;
            metadata[$"seconds.{metric.Name}"] = seconds.ToString("0.00", CultureInfo.InvariantCulture);
            _logger.LogInformation("{Metric} done in {Seconds:0.0} s", metric.Name, seconds);
        }
        metadata["seconds.total"] = clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        return new EvaluationReport { Results = results, Metadata = metadata };
    }
}
