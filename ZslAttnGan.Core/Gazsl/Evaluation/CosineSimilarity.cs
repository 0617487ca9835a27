using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Evaluation;

/// <summary>Cosine similarity as scikit-learn's <c>cosine_similarity</c> computes it in the reference: rows scaled to
/// unit L2 norm (an all-zero row stays zero and has similarity 0 with everything), then a matrix product, in float64.</summary>
public static class CosineSimilarity
{
    /// <summary>Similarities [Na, Nb] (float64) of the rows of <paramref name="a"/> [Na, X] with those of
    /// <paramref name="b"/> [Nb, X].</summary>
    /// <exception cref="ArgumentException">Not two matrices with the same width, or not floating point.</exception>
    public static Tensor Compute(Tensor a, Tensor b)
    {
        Guard.Shape(a, nameof(a), "[Na, X]", -1, -1);
        Guard.Floating(a, nameof(a));
        Guard.Shape(b, nameof(b), $"[Nb, {a.shape[1]}]", -1, a.shape[1]);
        Guard.Floating(b, nameof(b));
        using var scope = NewDisposeScope();
        var x = UnitRows(a.to_type(ScalarType.Float64));
        var y = UnitRows(b.to_type(ScalarType.Float64));
        return x.matmul(y.t()).MoveToOuterDisposeScope();
    }

    private static Tensor UnitRows(Tensor m)
    {
        var norms = m.norm(1, keepdim: true);
        // sklearn's normalize: a zero norm is replaced by 1, so the row stays zero.
        var safe = where(norms.eq(Scalars.S(0)), ones_like(norms), norms);
        return m / safe;
    }
}
