using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>Cosine similarities between code sets, as the evaluation metrics use them.</summary>
public static class Cosine
{
    /// <summary>Rows scaled to unit L2 norm (float32 on the CPU; a zero row stays zero, as ε = 1e-8 guards the division).</summary>
    /// <exception cref="ArgumentException">The codes are not [N, D] floating point.</exception>
    public static Tensor Normalize(Tensor codes)
    {
        Guard.Shape(codes, nameof(codes), "[N, D]", -1, -1);
        Guard.Floating(codes, nameof(codes));
        using var scope = NewDisposeScope();
        var x = codes.detach().to(ScalarType.Float32, CPU);
        var norm = x.norm(1, keepdim: true).clamp_min(Scalars.S(1e-8));
        return (x / norm).MoveToOuterDisposeScope();
    }

    /// <summary>The similarity matrix [Q, R] between query and reference codes.</summary>
    /// <exception cref="ArgumentException">Shapes or code sizes differ.</exception>
    public static Tensor Matrix(Tensor queries, Tensor references)
    {
        using var scope = NewDisposeScope();
        var q = Normalize(queries);
        var r = Normalize(references);
        if (q.shape[1] != r.shape[1])
            throw new ArgumentException($"Query codes have size {q.shape[1]} but reference codes {r.shape[1]}.", nameof(references));
        return q.matmul(r.t()).MoveToOuterDisposeScope();
    }
}
