namespace ZslAttnGan.Gazsl;

/// <summary>How the visual-pivot (centroid) loss treats a class with exactly one sample in the batch.</summary>
public enum CentroidSingletonMode
{
    /// <summary>Correct: the class mean of one sample is that sample, distance ‖x̃_i − μ_c‖₂.</summary>
    Fixed = 0,

    /// <summary>The reference's behaviour: <c>(y == c).nonzero().squeeze()</c> is 0-dim for one sample, so
    /// <c>mean(dim=0)</c> averages over FEATURES and the scalar is broadcast against μ_c:
    /// √Σ_d (mean_d(x̃_i) − μ_c,d)². Only for reproducing the original's numbers.</summary>
    Reference = 1,
}
