using ZslAttnGan.Components;
using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Losses;

/// <summary>
/// The ZSL losses between image codes ("real") and generated sentence codes ("fake"), in the seed's BCE form
/// (zslgan.md §5.6–5.7; label 0 = real, 1 = fake on the raw realness logit) and in ZSL-GAN's WGAN-GP form
/// (§2.3–2.4: critic score, gradient penalty, auxiliary classification, visual pivot).
/// </summary>
public static class ZslLosses
{
    /// <summary>
    /// Seed, encoder side: BCEwL(f(img), 0) + BCEwL(f(txt), 0) + CE(k(img), c) + CE(k(txt), c): both codes pushed
    /// towards "real" and towards their class (so the image encoder learns from it too).
    /// </summary>
    public static Tensor BceEncoderSide(IZslCritic discriminator, Tensor imageCodes, Tensor textCodes, Tensor classIds)
    {
        return BceImageAndText(discriminator, imageCodes, textCodes, classIds, textLabel: 0);
    }

    /// <summary>
    /// Seed, discriminator step: BCEwL(f(img), 0) + BCEwL(f(txt), 1) + CE(k(img), c) + CE(k(txt), c). Pass detached
    /// codes (the seed recomputes both encoders here instead, wasting a forward pass).
    /// </summary>
    public static Tensor BceDiscriminatorSide(IZslCritic discriminator, Tensor imageCodes, Tensor textCodes, Tensor classIds)
    {
        return BceImageAndText(discriminator, imageCodes, textCodes, classIds, textLabel: 1);
    }

    /// <summary>BCEwL(f(img), 0) + BCEwL(f(txt), textLabel) + CE(k(img), c) + CE(k(txt), c).</summary>
    private static Tensor BceImageAndText(IZslCritic discriminator, Tensor imageCodes, Tensor textCodes, Tensor classIds, double textLabel)
    {
        Check(discriminator, imageCodes, textCodes, classIds);
        var img = discriminator.Critique(imageCodes);
        var txt = discriminator.Critique(textCodes);
        return Bce(img.Realness, 0).Plus(Bce(txt.Realness, textLabel))
             .Plus(Ce(img.ClassLogits, classIds)).Plus(Ce(txt.ClassLogits, classIds));
    }

    /// <summary>Seed, GAN phase: BCEwL(f(v), 0) + CE(k(v), c) on the generated image's code v (before λ_zsl).</summary>
    public static Tensor BceGeneratedImage(IZslCritic discriminator, Tensor imageCodes, Tensor classIds)
    {
        Check(discriminator, imageCodes, imageCodes, classIds);
        var o = discriminator.Critique(imageCodes);
        return Bce(o.Realness, 0).Plus(Ce(o.ClassLogits, classIds));
    }

    /// <summary>WGAN form of the GAN-phase term: −E[s(v)] + CE(k(v), c) on the generated image's code v.</summary>
    public static Tensor WganGeneratedImage(IZslCritic discriminator, Tensor imageCodes, Tensor classIds)
    {
        Check(discriminator, imageCodes, imageCodes, classIds);
        var o = discriminator.Critique(imageCodes);
        return Ce(o.ClassLogits, classIds) - o.Realness.mean();
    }

    /// <summary>
    /// ZSL-GAN critic loss: E[s(fake)] − E[s(real)] + λ_gp·GP + CE(k(real), c) + CE(k(fake), c), where real = image
    /// codes and fake = sentence codes (detach them for a critic step).
    /// </summary>
    public static Tensor WganCritic(IZslCritic discriminator, Tensor realCodes, Tensor fakeCodes, Tensor classIds,
                                     double penaltyWeight = 10.0, Generator? generator = null)
    {
        Check(discriminator, realCodes, fakeCodes, classIds);
        var real = discriminator.Critique(realCodes);
        var fake = discriminator.Critique(fakeCodes);
        return (fake.Realness.mean() - real.Realness.mean())
             .Plus(GradientPenalty(discriminator, realCodes, fakeCodes, generator).Times(penaltyWeight))
             .Plus(Ce(real.ClassLogits, classIds)).Plus(Ce(fake.ClassLogits, classIds));
    }

    /// <summary>ZSL-GAN generator side: −E[s(fake)] + ½·(CE(k(real), c) + CE(k(fake), c)).</summary>
    public static Tensor WganGenerator(IZslCritic discriminator, Tensor realCodes, Tensor fakeCodes, Tensor classIds)
    {
        Check(discriminator, realCodes, fakeCodes, classIds);
        var fake = discriminator.Critique(fakeCodes);
        var real = discriminator.Critique(realCodes);
        return Ce(real.ClassLogits, classIds).Plus(Ce(fake.ClassLogits, classIds)).Times(0.5) - fake.Realness.mean();
    }

    /// <summary>
    /// WGAN-GP penalty mean_i (‖∂ s(x̂_i)/∂x̂_i‖₂ − 1)² at x̂ = α·real + (1 − α)·fake, α ~ U(0, 1) per sample; built with
    /// create_graph so it can be backpropagated (not multiplied by λ here).
    /// </summary>
    public static Tensor GradientPenalty(IZslCritic discriminator, Tensor realCodes, Tensor fakeCodes, Generator? generator = null)
    {
        Guard.Shape(realCodes, nameof(realCodes), $"[B, {discriminator.InFeatures}]", -1, discriminator.InFeatures);
        Guard.Shape(fakeCodes, nameof(fakeCodes), $"[{realCodes.shape[0]}, {discriminator.InFeatures}]", realCodes.shape[0], discriminator.InFeatures);
        var alpha = rand(new[] { realCodes.shape[0], 1L }, dtype: realCodes.dtype, device: realCodes.device, generator: generator);
        return GradientPenaltyAt(discriminator, lerp(fakeCodes.detach(), realCodes.detach(), alpha));
    }

    /// <summary>The penalty at given points (for tests and custom interpolations).</summary>
    public static Tensor GradientPenaltyAt(IZslCritic discriminator, Tensor points)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        var x = points.detach().requires_grad_(true);
        var scores = discriminator.Realness(x).sum();
        var grad = autograd.grad(new[] { scores }, new[] { x }, retain_graph: true, create_graph: true)[0];
        return (grad.norm(1).Minus(1)).square().mean();
    }

    /// <summary>
    /// Visual pivot: Σ_c ‖mean_{i∈c}(fake_i) − mean_{i∈c}(real_i)‖₂ over the classes present in the batch, divided by
    /// <paramref name="classCount"/> (the reference divides by the number of seen classes). Batch centroids of the real
    /// codes are used because image codes are learned, not fixed. Uses the mean over samples even for a class with one
    /// sample (the reference's indexing there averages over features instead, a bug).
    /// </summary>
    public static Tensor VisualPivot(Tensor fakeCodes, Tensor realCodes, Tensor classIds, int classCount)
    {
        Guard.Shape(fakeCodes, nameof(fakeCodes), "[B, C]", -1, -1);
        Guard.Shape(realCodes, nameof(realCodes), $"[{fakeCodes.shape[0]}, {fakeCodes.shape[1]}]", fakeCodes.shape[0], fakeCodes.shape[1]);
        Guard.Shape(classIds, nameof(classIds), $"[{fakeCodes.shape[0]}] (int64)", fakeCodes.shape[0]);
        Guard.Positive(classCount, nameof(classCount));
        var (unique, inverse, counts) = torch.unique(classIds, sorted: true, return_inverse: true, return_counts: true);
        var onehot = nn.functional.one_hot(inverse!, unique.shape[0]).to(fakeCodes.dtype);   // [B, K]
        var weights = onehot / counts!.to(fakeCodes.dtype).unsqueeze(0);
        var diff = weights.t().matmul(fakeCodes - realCodes);                                   // [K, C] centroid differences
        return diff.norm(1).sum().DividedBy(classCount);
    }

    private static void Check(IZslCritic discriminator, Tensor a, Tensor b, Tensor classIds)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        Guard.Shape(a, "imageCodes", $"[B, {discriminator.InFeatures}]", -1, discriminator.InFeatures);
        Guard.Shape(b, "textCodes", $"[{a.shape[0]}, {discriminator.InFeatures}]", a.shape[0], discriminator.InFeatures);
        Guard.Shape(classIds, nameof(classIds), $"[{a.shape[0]}] (int64)", a.shape[0]);
        Guard.DType(classIds, nameof(classIds), ScalarType.Int64);
        if (classIds.numel() > 0)
        {
            long min = classIds.min().item<long>(), max = classIds.max().item<long>();
            if (min < 0 || max >= discriminator.Classes)
                throw new ArgumentException($"classIds must lie in 0..{discriminator.Classes - 1} (the discriminator's classes) but range over {min}..{max}." +
                    (min < 0 ? " A negative id marks an image without a class (e.g. a COCO image with no annotated object); the ZSL losses need a class for every image." : ""),
                    nameof(classIds));
        }
    }

    private static Tensor Bce(Tensor logits, double label) =>
        nn.functional.binary_cross_entropy_with_logits(logits, full_like(logits, S(label)));

    private static Tensor Ce(Tensor logits, Tensor classIds) => nn.functional.cross_entropy(logits, classIds);
}
