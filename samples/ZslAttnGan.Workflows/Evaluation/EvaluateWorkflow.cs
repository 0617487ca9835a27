using ZslAttnGan.Evaluation;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Workflows.Evaluation;

/// <summary>What to evaluate.</summary>
/// <param name="CheckpointDirectory">The checkpoint (GAN or joint phase: encoders and generator).</param>
/// <param name="DataRoot">A CUB-format folder; <c>seen_classes.txt</c> / <c>unseen_classes.txt</c> are used when present.</param>
/// <param name="OutputDirectory">Where <c>report.json</c> and <c>report.md</c> go.</param>
/// <param name="Options">Sample counts, seed, optional FID weights and IS classifier.</param>
/// <param name="ResNet18">Settings of FRD and diversity (where the ResNet-18 ONNX files are, sample counts); null: the
/// defaults, with the files from <c>DnnImageModels/</c> beside the application.</param>
public sealed record EvaluateRequest(string CheckpointDirectory, string DataRoot, string OutputDirectory, EvaluationOptions? Options = null,
    ResNet18MetricOptions? ResNet18 = null);

/// <summary>Runs the evaluation module on a checkpoint and writes the report (JSON + markdown; in a sharded evaluation,
/// from rank 0 only).</summary>
public static class EvaluateWorkflow
{
    /// <summary>The metrics the workflow runs: the evaluation module's defaults plus the ResNet-18 ones (<c>frd</c>,
    /// <c>diversity</c>), which are skipped with their reason when the ONNX files are missing.</summary>
    public static MetricRegistry Metrics(ResNet18MetricOptions? resNet18 = null) => ResNet18Metrics.Register(MetricRegistry.CreateDefault(), resNet18);

    /// <summary>Evaluates and saves; returns the report.</summary>
    public static EvaluationReport Run(EvaluateRequest request, IRunReporter reporter, CancellationToken cancellationToken)
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
        var report = new Evaluator(Metrics(request.ResNet18)).Evaluate(request.CheckpointDirectory, dataset, request.Options, progress, cancellationToken);
        foreach (var (key, reason) in report.Metadata.Where(kv => kv.Key.StartsWith("skipped.", StringComparison.Ordinal)))
            reporter.Info($"evaluate: {key["skipped.".Length..]} not applicable: {reason}");
        // Sharded over ranks (EvaluationOptions.ProcessGroup), every rank holds the merged report; rank 0 writes it.
        if (request.Options?.ProcessGroup is not { Rank: > 0 }) report.Save(request.OutputDirectory);
        return report;
    }
}
