using ZslAttnGan.Runs;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Quickstart;

/// <summary>
/// The evaluation step of the quick start: computes metrics of the trained checkpoint for the report (R-precision,
/// zero-shot accuracy on the unseen species, …). The quick start calls it after training, inside its reserve time,
/// through <see cref="QuickstartWorkflow.Evaluate"/>.
/// </summary>
public interface IQuickstartEvaluation
{
    /// <summary>Computes the metrics. Throwing fails only the evaluation: the report then says why.</summary>
    IReadOnlyList<ReportMetric> Evaluate(QuickstartEvaluationContext context, CancellationToken cancellationToken);
}

/// <summary>What an evaluation gets from the quick start.</summary>
/// <param name="CheckpointDirectory">The trained checkpoint (GAN phase, encoders included).</param>
/// <param name="DataRoot">The synthetic CUB-format folder.</param>
/// <param name="SeenClassesFile">Classes trained on.</param>
/// <param name="UnseenClassesFile">Classes held out for zero-shot evaluation.</param>
/// <param name="AttributesFile">Ground-truth attributes of every class and image.</param>
/// <param name="OutputDirectory">Where the evaluation may write files (e.g. generated samples).</param>
/// <param name="Device">Device to run on (null: CPU).</param>
/// <param name="Reporter">For progress messages.</param>
public sealed record QuickstartEvaluationContext(string CheckpointDirectory, string DataRoot, string SeenClassesFile, string UnseenClassesFile,
    string AttributesFile, string OutputDirectory, Device? Device, IRunReporter Reporter);

/// <summary>One number of the report.</summary>
/// <param name="Name">Metric name ("R-precision", "ZSL top-1", …).</param>
/// <param name="Value">The value.</param>
/// <param name="Split">Which images ("seen", "unseen"), when it matters.</param>
/// <param name="Description">How it was computed, in a few words.</param>
public sealed record ReportMetric(string Name, double Value, string? Split = null, string? Description = null);
