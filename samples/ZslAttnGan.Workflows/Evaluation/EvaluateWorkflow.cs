using ZslAttnGan.Evaluation;
using ZslAttnGan.Workflows.Reporting;

namespace ZslAttnGan.Workflows.Evaluation;

/// <summary>What to evaluate.</summary>
/// <param name="CheckpointDirectory">The checkpoint (GAN or joint phase: encoders and generator).</param>
/// <param name="DataRoot">A CUB-format folder; <c>seen_classes.txt</c> / <c>unseen_classes.txt</c> are used when present.</param>
/// <param name="OutputDirectory">Where <c>report.json</c> and <c>report.md</c> go.</param>
/// <param name="Options">Sample counts, seed, optional FID weights and IS classifier.</param>
public sealed record EvaluateRequest(string CheckpointDirectory, string DataRoot, string OutputDirectory, EvaluationOptions? Options = null);

/// <summary>Runs the evaluation module on a checkpoint and writes the report (JSON + markdown).</summary>
public static class EvaluateWorkflow
{
    /// <summary>Evaluates and saves; returns the report.</summary>
    public static EvaluationReport Run(EvaluateRequest request, IWorkflowReporter reporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reporter);
        if (!Directory.Exists(request.DataRoot)) throw new DirectoryNotFoundException($"Data folder '{request.DataRoot}' does not exist.");
        string? Optional(string name) => File.Exists(Path.Combine(request.DataRoot, name)) ? Path.Combine(request.DataRoot, name) : null;
        var dataset = new EvaluationDataset
        {
            Root = request.DataRoot,
            SeenClassesFile = Optional("seen_classes.txt"),
            UnseenClassesFile = Optional("unseen_classes.txt"),
        };
        var progress = new SyncProgress<EvaluationProgress>(p => reporter.Info($"evaluate {p.Metric} ({p.MetricIndex + 1}/{p.MetricCount}): {p.Step}"));
        var report = new Evaluator().Evaluate(request.CheckpointDirectory, dataset, request.Options, progress, cancellationToken);
        report.Save(request.OutputDirectory);
        return report;
    }
}
