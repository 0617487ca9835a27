using ZslAttnGan.Generation;

namespace ZslAttnGan.Workflows.Bench.Flops;

/// <summary>Per-layer forward FLOPs of <see cref="AttnGenerator"/> (initial stage, refinement stages with word
/// attention, image heads), mirroring its construction.</summary>
public static class GeneratorFlops
{
    /// <summary>The generator's layers for <paramref name="batch"/> samples and <paramref name="words"/> word positions.</summary>
    /// <param name="o">The generator.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="words">Word positions.</param>
    /// <param name="mergedUpsampling">Count the up blocks as <see cref="Nn.InferenceFusion"/> runs them in inference: from
    /// inputs of <see cref="Nn.InferenceFusion.SubPixelMinimumPixels"/> up, one 2×2 convolution with four kernels on the
    /// padded small input (16/36 of the multiply-adds) instead of a 3×3 convolution of the up-sampled input. The FLOPs
    /// are those executed, so utilisation stays a true fraction of the FMA ceiling.</param>
    public static IEnumerable<(string Layer, double Flops)> Layers(GeneratorOptions o, long batch, long words, bool mergedUpsampling = false)
    {
        double UpBlock(long cin, long cout, long outSize)
        {
            long inSize = outSize / 2;
            return mergedUpsampling && inSize * inSize >= Nn.InferenceFusion.SubPixelMinimumPixels
                ? Cost.Conv(batch, cin, 4 * cout, 2, 2, inSize + 1, inSize + 1)
                : Cost.Conv(batch, cin, cout, 3, outSize);
        }
        long ngf = o.Ngf, g = ngf << o.InitialUpBlocks;
        if (o.Conditioning == ConditioningKind.Augmentation) yield return ("ca_net/fc", Cost.Linear(batch, o.SentenceSize, o.ConditionSize * 4));
        yield return ("h_net1/fc", Cost.Linear(batch, o.ConditionSize + o.NoiseSize, g * 4 * 4 * 2));
        long size = 4, w = g;
        for (int k = 0; k < o.InitialUpBlocks; k++, w /= 2)
        {
            size *= 2;
            yield return ($"h_net1/upsample{k + 1}", UpBlock(w, w, size));   // up block: conv3x3 w → 2·(w/2)
        }
        if (!o.SingleOutput) yield return ("img_net1", Cost.Conv(batch, ngf, 3, 3, size));
        for (int stage = 2; stage <= o.Branches; stage++)
        {
            string n = $"h_net{stage}";
            long q = size * size;
            yield return ($"{n}/att/conv_context", Cost.Linear(batch * words, o.WordSize, ngf));
            yield return ($"{n}/att/scores", Cost.Matmul(batch, q, ngf, words));
            yield return ($"{n}/att/weighted", Cost.Matmul(batch, ngf, words, q));
            for (int r = 0; r < o.ResidualBlocks; r++)
            {
                yield return ($"{n}/residual{r}/conv1", Cost.Conv(batch, 2 * ngf, 4 * ngf, 3, size));
                yield return ($"{n}/residual{r}/conv2", Cost.Conv(batch, 2 * ngf, 2 * ngf, 3, size));
            }
            size *= 2;
            yield return ($"{n}/upsample", UpBlock(2 * ngf, 2 * ngf, size));
            if (!o.SingleOutput) yield return ($"img_net{stage}", Cost.Conv(batch, ngf, 3, 3, size));
        }
        if (o.SingleOutput) yield return ("img_net", Cost.Conv(batch, ngf, 3, 3, size));
    }
}
