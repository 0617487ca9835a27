using ZslAttnGan.Nn;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Evaluation;

/// <summary>Draws the generated class blocks the evaluations read, as the reference does: for each class in order,
/// <c>samplesPerClass</c> features from fresh noise and the class's condition repeated.</summary>
public static class GeneratedFeatures
{
    /// <summary>Features [C·samplesPerClass, FeatureSize] for the classes whose conditions are the rows of
    /// <paramref name="classConditions"/> [C, ConditionSize]; the generator runs in eval mode without gradients (its
    /// previous mode is restored) and the noise comes from <paramref name="random"/> (global generator when null).</summary>
    /// <exception cref="ArgumentException">The conditions do not fit the generator.</exception>
    public static Tensor Sample(IGazslGenerator generator, Tensor classConditions, int samplesPerClass = ZslKnnEvaluation.ReferenceSamplesPerClass,
                                Generator? random = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Guard.Shape(classConditions, nameof(classConditions), $"[C, {generator.ConditionSize}]", -1, generator.ConditionSize);
        Guard.Floating(classConditions, nameof(classConditions));
        Guard.Positive(samplesPerClass, nameof(samplesPerClass));
        var module = generator.Module;
        bool wasTraining = module.training;
        module.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var blocks = new List<Tensor>();
            for (long c = 0; c < classConditions.shape[0]; c++)
            {
                var conditions = classConditions[c].unsqueeze(0).expand(samplesPerClass, -1);
                var noise = randn(new[] { (long)samplesPerClass, generator.NoiseSize }, dtype: classConditions.dtype,
                                  device: classConditions.device, generator: random);
                blocks.Add(generator.Generate(conditions, noise));
            }
            return cat(blocks, 0).MoveToOuterDisposeScope();
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}
