namespace ZslAttnGan.Training;

/// <summary>A snapshot reported through <see cref="IProgress{T}"/> after every step.</summary>
/// <param name="Phase">"encoders", "gan" or "joint".</param>
/// <param name="Step">Steps completed (over all runs of this training, resumes included).</param>
/// <param name="TotalSteps">The step this run stops at.</param>
/// <param name="Epoch">Current epoch (0-based).</param>
/// <param name="Losses">The step's losses by name.</param>
/// <param name="LearningRates">Learning rates by optimiser name.</param>
/// <param name="ImagesPerSecond">Throughput of this run so far.</param>
/// <param name="Eta">Estimated time to <paramref name="TotalSteps"/>.</param>
/// <param name="SkippedBatches">Batches skipped for a non-finite loss.</param>
public sealed record TrainingProgress(
    string Phase, long Step, long TotalSteps, int Epoch,
    IReadOnlyDictionary<string, double> Losses, IReadOnlyDictionary<string, double> LearningRates,
    double ImagesPerSecond, TimeSpan Eta, long SkippedBatches);

