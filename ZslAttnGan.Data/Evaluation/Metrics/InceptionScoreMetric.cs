using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>Inception Score of the generated images per split, with the user-supplied classifier
/// (<see cref="EvaluationOptions.InceptionScoreClassifier"/>).</summary>
public sealed class InceptionScoreMetric : IMetric
{
    /// <inheritdoc />
    public string Name => "inception_score";

    /// <inheritdoc />
    public string Description => "exp(E KL(p(y|x) || p(y))) of the classifier's predictions on generated images; higher is better.";

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) =>
        context.Options.InceptionScoreClassifier is null ? "no classifier (EvaluationOptions.InceptionScoreClassifier)" : null;

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Options;
        var classifier = o.InceptionScoreClassifier!;
        foreach (var split in context.Splits())
        {
            var set = context.Generated(split);
            context.Report($"classifying {set.Items.Count} generated {split.ToString().ToLowerInvariant()} images");
            using var logits = Logits(classifier, set.Images, o.InceptionScoreImageSize, o.BatchSize, context.CancellationToken);
            int splits = (int)Math.Min(o.InceptionScoreSplits, logits.shape[0]);
            var value = InceptionScore.FromLogits(logits, splits);
            yield return MetricResult.From(Name, split, value, $"{splits} splits");
        }
    }

    private static Tensor Logits(nn.Module<Tensor, Tensor> classifier, Tensor images, int? size, int batchSize, CancellationToken ct)
    {
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
