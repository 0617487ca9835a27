namespace ZslAttnGan.Workflows.Bench.Flops;

/// <summary>Analytic FLOPs of the primitive layers. A multiply-add counts 2 FLOPs; bias adds, normalisation,
/// activations, pooling, resizing, softmax and other element-wise work are not counted (they are memory-bound and
/// small beside the products).</summary>
public static class Cost
{
    /// <summary>A 2-D convolution: 2 · B · C_out · H_out · W_out · C_in · k_h · k_w.</summary>
    public static double Conv(long batch, long cin, long cout, long kh, long kw, long hout, long wout) =>
        2.0 * batch * cout * hout * wout * cin * kh * kw;

    /// <summary>A square-kernel convolution with square output.</summary>
    public static double Conv(long batch, long cin, long cout, long k, long outSize) => Conv(batch, cin, cout, k, k, outSize, outSize);

    /// <summary>A linear layer: 2 · rows · in · out.</summary>
    public static double Linear(long rows, long inFeatures, long outFeatures) => 2.0 * rows * inFeatures * outFeatures;

    /// <summary>A (batched) matrix product of [m, k] × [k, n], <paramref name="batch"/> times: 2 · batch · m · k · n.</summary>
    public static double Matmul(long batch, long m, long k, long n) => 2.0 * batch * m * k * n;

    /// <summary>One LSTM direction over <paramref name="tokens"/> time steps summed over the batch (packed sequences run
    /// only up to each caption's length): the four gates, 2 · tokens · 4H · (I + H).</summary>
    public static double LstmDirection(long tokens, long inputSize, long hiddenSize) =>
        2.0 * tokens * 4 * hiddenSize * (inputSize + hiddenSize);

    /// <summary>Output size of a convolution or pooling along one axis.</summary>
    public static long Out(long size, long kernel, long stride = 1, long padding = 0) => (size + 2 * padding - kernel) / stride + 1;
}
