namespace ZslAttnGan.Workflows.Quickstart;

/// <summary>Where a quick start put its results.</summary>
/// <param name="OutputDirectory">The output folder.</param>
/// <param name="DataDirectory">The synthetic birds.</param>
/// <param name="CheckpointDirectory">The last checkpoint written (the GAN's, or the encoders' when stopped before).</param>
/// <param name="Previews">Preview images.</param>
/// <param name="ReportMarkdown">report.md, or null when stopped by the user.</param>
/// <param name="ReportJson">report.json, or null when stopped by the user.</param>
/// <param name="StoppedByUser">True when cancellation stopped the run (after writing the checkpoint of the phase it was in).</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record QuickstartResult(string OutputDirectory, string DataDirectory, string CheckpointDirectory, IReadOnlyList<string> Previews,
    string? ReportMarkdown, string? ReportJson, bool StoppedByUser, TimeSpan Elapsed);
