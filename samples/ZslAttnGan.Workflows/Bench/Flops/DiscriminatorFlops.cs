namespace ZslAttnGan.Workflows.Bench.Flops;

/// <summary>Per-layer forward FLOPs of one <see cref="Discrimination.ImageDiscriminator"/> and its logit heads.</summary>
public static class DiscriminatorFlops
{
    /// <summary>The image code path (img_code_s16 … img_code_s64_2) for <paramref name="images"/> images of
    /// <paramref name="imageSize"/> px.</summary>
    public static IEnumerable<(string Layer, double Flops)> Code(int imageSize, long ndf, long images)
    {
        long s = imageSize == 32 ? 32 : imageSize / 2;
        yield return ("img_code_s16/0", Cost.Conv(images, 3, ndf, imageSize == 32 ? 3 : 4, s));
        yield return ("img_code_s16/2", Cost.Conv(images, ndf, 2 * ndf, 4, s / 2));
        yield return ("img_code_s16/5", Cost.Conv(images, 2 * ndf, 4 * ndf, 4, s / 4));
        yield return ("img_code_s16/8", Cost.Conv(images, 4 * ndf, 8 * ndf, 4, s / 8));
        if (imageSize == 128)
        {
            yield return ("img_code_s32", Cost.Conv(images, 8 * ndf, 16 * ndf, 4, 4));
            yield return ("img_code_s32_1", Cost.Conv(images, 16 * ndf, 8 * ndf, 3, 4));
        }
        else if (imageSize == 256)
        {
            yield return ("img_code_s32", Cost.Conv(images, 8 * ndf, 16 * ndf, 4, 8));
            yield return ("img_code_s64", Cost.Conv(images, 16 * ndf, 32 * ndf, 4, 4));
            yield return ("img_code_s64_1", Cost.Conv(images, 32 * ndf, 16 * ndf, 3, 4));
            yield return ("img_code_s64_2", Cost.Conv(images, 16 * ndf, 8 * ndf, 3, 4));
        }
    }

    /// <summary>COND_DNET on <paramref name="rows"/> codes: the joint 3×3 conv over code + tiled sentence, then the 4×4 logit conv.</summary>
    public static IEnumerable<(string Layer, double Flops)> Conditional(long ndf, long conditionSize, long rows)
    {
        yield return ("COND_DNET/jointConv", Cost.Conv(rows, 8 * ndf + conditionSize, 8 * ndf, 3, 4));
        yield return ("COND_DNET/outlogits", Cost.Conv(rows, 8 * ndf, 1, 4, 1));
    }

    /// <summary>UNCOND_DNET on <paramref name="rows"/> codes: the 4×4 logit conv.</summary>
    public static IEnumerable<(string Layer, double Flops)> Unconditional(long ndf, long rows)
    {
        yield return ("UNCOND_DNET/outlogits", Cost.Conv(rows, 8 * ndf, 1, 4, 1));
    }
}
