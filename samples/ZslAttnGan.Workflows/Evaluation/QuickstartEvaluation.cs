using ZslAttnGan.Evaluation;
using ZslAttnGan.Workflows.Quickstart;

namespace ZslAttnGan.Workflows.Evaluation;

/// <summary>The quick start's evaluation: the evaluation module's default metrics (R-precision, zero-shot and
/// generalised zero-shot accuracy, attribute accuracy; FID and IS need weights the quick start does not have) and the
/// ResNet-18 ones, FRD and diversity across seeds, on small samples (<see cref="ResNet18"/>) to keep the evaluation short.</summary>
public sealed class QuickstartEvaluation : IQuickstartEvaluation
{
    /// <summary>The quick start's FRD and diversity settings: 50 images per FRD sample (50 generated, 2 × 50 real per
    /// split) and 4 captions × 8 seeds (with up to 8 real images each) per split, about 400 ResNet-18 passes in all.</summary>
    public static ResNet18MetricOptions DefaultResNet18 { get; } = new() { FrdImages = 50, DiversityCaptions = 4, DiversitySeeds = 8 };

    /// <summary>FRD and diversity settings (<see cref="DefaultResNet18"/> unless set; set
    /// <see cref="ResNet18MetricOptions.ModelDirectory"/> to use ONNX files kept elsewhere).</summary>
    public ResNet18MetricOptions ResNet18 { get; init; } = DefaultResNet18;

    /// <inheritdoc />
    public IReadOnlyList<ReportMetric> Evaluate(QuickstartEvaluationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = EvaluateWorkflow.Run(
            new EvaluateRequest(context.CheckpointDirectory, context.DataRoot, Path.Combine(context.OutputDirectory, "evaluation"), ResNet18: ResNet18),
            context.Reporter, cancellationToken);
        return report.Results
            .Select(r => new ReportMetric(r.Metric, r.Value, r.Split.ToString().ToLowerInvariant(),
                r.Std is { } std ? $"± {std:G3}, n = {r.N}{(r.Note is null ? "" : "; " + r.Note)}" : $"n = {r.N}{(r.Note is null ? "" : "; " + r.Note)}"))
            .ToList();
    }
}
