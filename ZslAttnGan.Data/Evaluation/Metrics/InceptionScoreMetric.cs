using ZslAttnGan.Collectives;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>Inception Score of the generated images per split, with the user-supplied classifier
/// (<see cref="EvaluationOptions.InceptionScoreClassifier"/>).</summary>
/// <remarks>Sharded: each rank classifies its generated rows and adds, per IS split, their class probabilities and
/// Σ p log p (<see cref="InceptionScoreSums"/>); the sums of all ranks give the score. With one process the same sums are
/// used, which equal <see cref="InceptionScore.FromLogits"/> up to float64 rounding.</remarks>
public sealed class InceptionScoreMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "inception_score";

    /// <inheritdoc />
    public string Description => "exp(E KL(p(y|x) || p(y))) of the classifier's predictions on generated images; higher is better.";

    /// <inheritdoc />
    public bool SupportsSharding => true;

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) =>
        context.Options.InceptionScoreClassifier is null ? "no classifier (EvaluationOptions.InceptionScoreClassifier)" : null;

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Options;
        var classifier = o.InceptionScoreClassifier!;
        var group = context.Group;
        foreach (var split in context.Splits())
        {
            var set = context.Generated(split);
            context.Report($"classifying {set.Items.Count} generated {split.ToString().ToLowerInvariant()} images");
            var logits = Logits(classifier, set.Images, o.InceptionScoreImageSize, o.BatchSize, context.CancellationToken);
            int splits = Math.Min(o.InceptionScoreSplits, set.Total);
            // A rank without rows does not know K: the ranks that have rows tell it (they all have the same K).
            var known = group.SumOverRanks(new long[] { logits is null ? 0 : logits.shape[1], logits is null ? 0 : 1 });
            int classes = (int)(known[0] / known[1]);
            using var local = logits ?? zeros(0, classes, dtype: ScalarType.Float64);
            var sums = group.SumOverRanks(InceptionScoreSums.Partial(local, set.Rows, set.Total, splits));
            var value = InceptionScoreSums.Score(sums, classes, set.Total, splits);
            yield return MetricResult.From(Name, split, value, $"{splits} splits");
        }
    }

    // Null when there are no images (a rank without rows).
    private static Tensor? Logits(nn.Module<Tensor, Tensor> classifier, Tensor images, int? size, int batchSize, CancellationToken ct)
    {
        if (images.shape[0] == 0) return null;
        bool wasTraining = classifier.training;
        classifier.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var device = classifier.parameters().FirstOrDefault()?.device ?? CPU;
            var parts = new List<Tensor>();
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                ct.ThrowIfCancellationRequested();
                var x = images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start)).to(device);
                if (size is { } s && (x.shape[2] != s || x.shape[3] != s))
                    x = nn.functional.interpolate(x, new long[] { s, s }, mode: InterpolationMode.Bilinear, align_corners: false);
                parts.Add(classifier.call(x).to(ScalarType.Float64).cpu());
            }
            return cat(parts.ToArray(), 0).MoveToOuterDisposeScope();
        }
        finally
        {
            classifier.train(wasTraining);
        }
    }
}
