namespace ZslAttnGan.Gazsl.Training;

/// <summary>One evaluation of the generator during training (accuracies in percent, AUC in [0, 1]).</summary>
/// <param name="Iteration">iterations completed when it ran (the reference's <c>it</c> + 1).</param>
/// <param name="ZslAccuracy">zero-shot K-NN accuracy on the unseen test set, per sample (the CUB/NAB metric).</param>
/// <param name="ZslMeanPerClassAccuracy">the same, mean per-class (the GBU metric).</param>
/// <param name="ValidationAccuracy">zero-shot K-NN accuracy on the held-out seen classes (per sample, or mean
/// per-class under <see cref="GazslTrainingOptions.MeanPerClassAccuracy"/>); null without a validation split.</param>
/// <param name="GzslAuc">area under the seen-unseen accuracy curve (nearest generated class mean with a calibration
/// sweep, <c>eval_fakefeat_GZSL</c>); null without seen test data.</param>
/// <param name="GzslSeenAccuracy">GZSL S: K-NN over all classes, mean per-class on the seen test set (GBU); null
/// without seen test data.</param>
/// <param name="GzslUnseenAccuracy">GZSL U (GBU); null without seen test data.</param>
/// <param name="GzslHarmonic">H = 2SU/(S+U); null without seen test data.</param>
public sealed record GazslEvaluation(long Iteration, double ZslAccuracy, double ZslMeanPerClassAccuracy, double? ValidationAccuracy,
    double? GzslAuc, double? GzslSeenAccuracy, double? GzslUnseenAccuracy, double? GzslHarmonic);

/// <summary>Reported through <see cref="IProgress{T}"/> after every iteration.</summary>
/// <param name="Iteration">iterations completed (resumed runs count earlier ones).</param>
/// <param name="TotalIterations">the iteration this run stops at.</param>
/// <param name="Losses">the iteration's losses (sub-steps whose optimiser step was skipped are missing).</param>
/// <param name="Evaluation">the evaluation run after this iteration, or null.</param>
/// <param name="Selected">the evaluation whose weights are currently kept, or null.</param>
/// <param name="SkippedSteps">sub-steps skipped for a non-finite loss so far.</param>
/// <param name="Elapsed">time spent in this run.</param>
/// <param name="Eta">estimated time to <paramref name="TotalIterations"/>.</param>
public sealed record GazslTrainingProgress(long Iteration, long TotalIterations, GazslIterationLosses Losses, GazslEvaluation? Evaluation,
    GazslEvaluation? Selected, long SkippedSteps, TimeSpan Elapsed, TimeSpan Eta);

/// <summary>How a <see cref="GazslTrainer.Train"/> call ended.</summary>
/// <param name="Iteration">iterations completed.</param>
/// <param name="Cancelled">true when the cancellation token stopped it (after checkpointing, if a directory is set).</param>
/// <param name="Evaluations">every evaluation of the run so far, resumed parts included, in order.</param>
/// <param name="Selected">the evaluation whose weights <see cref="GazslTrainer.ApplySelectedWeights"/> restores (null
/// under <see cref="GazslModelSelection.Last"/>, or before the first evaluation).</param>
/// <param name="LastLosses">the last iteration's losses, or null when none ran.</param>
public sealed record GazslTrainingResult(long Iteration, bool Cancelled, IReadOnlyList<GazslEvaluation> Evaluations,
    GazslEvaluation? Selected, GazslIterationLosses? LastLosses);
