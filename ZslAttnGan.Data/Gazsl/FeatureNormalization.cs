namespace ZslAttnGan.Data.Gazsl;

/// <summary>The scalar statistics of the CUB/NAB normalisation: features became (x - <see cref="Mean"/>) /
/// <see cref="Divisor"/>, where the divisor is <see cref="Variance"/> or its square root (see <see cref="Scaling"/>).
/// Mean and variance are over ALL entries of the float32 training matrix (population variance, ddof 0).</summary>
public sealed record FeatureNormalization(float Mean, float Variance, float Divisor, ZslGanFeatureScaling Scaling);
