using ZslAttnGan.Evaluation;
using ZslAttnGan.Workflows.Quickstart;

namespace ZslAttnGan.Workflows.Evaluation;

/// <summary>The quick start's evaluation: the evaluation module's default metrics (R-precision, zero-shot and
/// generalised zero-shot accuracy, attribute accuracy; FID and IS need weights the quick start does not have).</summary>
public sealed class QuickstartEvaluation : IQuickstartEvaluation
{
    /// <inheritdoc />
    public IReadOnlyList<ReportMetric> Evaluate(QuickstartEvaluationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = EvaluateWorkflow.Run(
            new EvaluateRequest(context.CheckpointDirectory, context.DataRoot, Path.Combine(context.OutputDirectory, "evaluation")),
            context.Reporter, cancellationToken);
        return report.Results
            .Select(r => new ReportMetric(r.Metric, r.Value, r.Split.ToString().ToLowerInvariant(),
                r.Std is { } std ? $"± {std:G3}, n = {r.N}{(r.Note is null ? "" : "; " + r.Note)}" : $"n = {r.N}{(r.Note is null ? "" : "; " + r.Note)}"))
            .ToList();
    }
}
