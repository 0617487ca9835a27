namespace ZslAttnGan.Losses;

/// <summary>DAMSM smoothing factors (attngan.md §3.2, §4.3). Defaults are the bird/COCO configs' γ1 = 4, γ2 = 5, γ3 = 10.</summary>
/// <param name="Gamma1">Sharpness of the word → region attention.</param>
/// <param name="Gamma2">Log-sum-exp sharpness over a caption's words (the code never divides by γ2; neither do we).</param>
/// <param name="Gamma3">Multiplier of the image–text matching logits.</param>
/// <param name="MaskSameClass">Mask pairs of different samples of the same class to −∞ (the reference does, when class ids are given).</param>
public sealed record DamsmOptions(double Gamma1 = 4.0, double Gamma2 = 5.0, double Gamma3 = 10.0, bool MaskSameClass = true);
