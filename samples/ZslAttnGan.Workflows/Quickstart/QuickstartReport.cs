namespace ZslAttnGan.Workflows.Quickstart;

/// <summary>Everything the quick-start report says; written as <c>report.json</c> and <c>report.md</c>.</summary>
public sealed record QuickstartReport
{
    /// <summary>When the run started.</summary>
    public required DateTimeOffset Started { get; init; }

    /// <summary>The encoder steps asked for.</summary>
    public required long EncoderSteps { get; init; }

    /// <summary>The GAN steps asked for.</summary>
    public required long GanSteps { get; init; }

    /// <summary>The time limit in minutes, or null when the steps alone decided.</summary>
    public double? TimeLimitMinutes { get; init; }

    /// <summary>The training seed.</summary>
    public required long Seed { get; init; }

    /// <summary>Wall time of the whole run in seconds (the report's own writing excluded).</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Operating system, processor count and device.</summary>
    public required string Machine { get; init; }

    /// <summary>libtorch's intra-op threads: results are reproducible for the same thread count (docs/quality.md).</summary>
    public required int Threads { get; init; }

    /// <summary>The 1-minute load average when the run started (null where the OS does not say).</summary>
    public double? LoadAverageAtStart { get; init; }

    /// <summary>The preset trained.</summary>
    public required string Preset { get; init; }

    /// <summary>The synthetic data set.</summary>
    public required DatasetSummary Dataset { get; init; }

    /// <summary>The training phases in order.</summary>
    public required IReadOnlyList<PhaseSummary> Phases { get; init; }

    /// <summary>Seconds per stage: "synthetic data", "encoders", "gan", "evaluation".</summary>
    public required IReadOnlyDictionary<string, double> StageSeconds { get; init; }

    /// <summary>Evaluation metrics (empty when no evaluation ran).</summary>
    public required IReadOnlyList<ReportMetric> Metrics { get; init; }

    /// <summary>Why <see cref="Metrics"/> is empty or incomplete, if it is.</summary>
    public string? EvaluationNote { get; init; }

    /// <summary>What the user should know about this run (too few steps to learn, a time limit that cut training).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The final checkpoint, relative to the output folder.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>Preview images, relative to the output folder.</summary>
    public required IReadOnlyList<string> Previews { get; init; }

    /// <summary>Plots of the training curves (encoders, then GAN), relative to the output folder.</summary>
    public IReadOnlyList<string> Curves { get; init; } = [];
}

/// <summary>The data set of a quick start.</summary>
/// <param name="Root">The CUB-format folder, relative to the output folder.</param>
/// <param name="Images">Images written.</param>
/// <param name="SeenSpecies">Species trained on.</param>
/// <param name="UnseenSpecies">Species held out.</param>
/// <param name="TrainingImages">Images of the seen species.</param>
public sealed record DatasetSummary(string Root, int Images, int SeenSpecies, int UnseenSpecies, int TrainingImages);

/// <summary>One training phase of a quick start.</summary>
/// <param name="Phase">"encoders" or "gan".</param>
/// <param name="Steps">Steps done.</param>
/// <param name="Seconds">Wall time, the checkpoint included.</param>
/// <param name="SecondsPerStep">Mean seconds per step; null without steps.</param>
/// <param name="StepLimit">The steps asked for.</param>
/// <param name="TimeLimitSeconds">The phase's share of the time limit (null without one).</param>
/// <param name="StoppedBy">"steps", "time limit" or "user".</param>
/// <param name="FinalLosses">The last step's losses.</param>
public sealed record PhaseSummary(string Phase, long Steps, double Seconds, double? SecondsPerStep, long StepLimit, double? TimeLimitSeconds, string StoppedBy,
    IReadOnlyDictionary<string, double> FinalLosses);
