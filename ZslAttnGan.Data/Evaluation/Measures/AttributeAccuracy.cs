using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>Per-attribute accuracy of predicted attribute values, and the chance level of each attribute.</summary>
public static class AttributeAccuracy
{
    /// <summary>Share of rows whose predicted value equals the true one, for each attribute.</summary>
    /// <param name="predicted">Predicted value indices [N, A].</param>
    /// <param name="truth">True value indices [N, A].</param>
    /// <exception cref="ArgumentException">The shapes differ or N is 0.</exception>
    public static double[] PerAttribute(Tensor predicted, Tensor truth)
    {
        Guard.Shape(predicted, nameof(predicted), "[N, A]", -1, -1);
        Guard.Shape(truth, nameof(truth), $"[{predicted.shape[0]}, {predicted.shape[1]}]", predicted.shape[0], predicted.shape[1]);
        if (predicted.shape[0] == 0) throw new ArgumentException("No rows.", nameof(predicted));
        using var scope = NewDisposeScope();
        var hits = predicted.to(ScalarType.Int64, CPU).eq(truth.to(ScalarType.Int64, CPU)).to(ScalarType.Float64).mean(new long[] { 0 });
        return hits.data<double>().ToArray();
    }

    /// <summary>Rows whose predicted value equals the true one, for each attribute: the partial statistic of
    /// <see cref="PerAttribute"/> that shards of the rows add up (accuracy = hits / rows).</summary>
    /// <param name="predicted">Predicted value indices [N, A] (N may be 0).</param>
    /// <param name="truth">True value indices [N, A].</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static long[] HitCounts(Tensor predicted, Tensor truth)
    {
        Guard.Shape(predicted, nameof(predicted), "[N, A]", -1, -1);
        Guard.Shape(truth, nameof(truth), $"[{predicted.shape[0]}, {predicted.shape[1]}]", predicted.shape[0], predicted.shape[1]);
        if (predicted.shape[0] == 0) return new long[predicted.shape[1]];
        using var scope = NewDisposeScope();
        var hits = predicted.to(ScalarType.Int64, CPU).eq(truth.to(ScalarType.Int64, CPU)).to(ScalarType.Int64).sum(new long[] { 0 });
        return hits.contiguous().data<long>().ToArray();
    }

    /// <summary>Chance level of guessing uniformly among an attribute's values: 1 / values.</summary>
    public static double Chance(int valueCount) => valueCount < 1
        ? throw new ArgumentOutOfRangeException(nameof(valueCount), valueCount, "valueCount must be positive.")
        : 1.0 / valueCount;
}
