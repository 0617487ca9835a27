using ZslAttnGan.Generation;
using ZslAttnGan.Nn;
using ZslAttnGan.Workflows.Bench.Flops;

namespace ZslAttnGan.Tests.Bench;

/// <summary>The FLOP model counts what fused inference executes, so utilisation stays a true fraction of the ceiling.</summary>
public class MergedUpsamplingFlopsTests
{
    [Fact]
    public void MergedUpBlocksCountTheTwoByTwoKernelsOnTheSmallInputAndSmallOnesStayAsTheyWere()
    {
        var options = GeneratorOptions.ZslAttnGan;
        var plain = GeneratorFlops.Layers(options, 1, 18).ToDictionary(l => l.Layer, l => l.Flops);
        var merged = GeneratorFlops.Layers(options, 1, 18, mergedUpsampling: true).ToDictionary(l => l.Layer, l => l.Flops);
        Assert.Equal(plain.Keys, merged.Keys);
        int checkedLarge = 0;
        foreach (var (layer, flops) in plain)
        {
            if (!layer.Contains("upsample", StringComparison.Ordinal))
            {
                Assert.Equal(flops, merged[layer]);
                continue;
            }
            // Output size of this up block: the initial stage's k-th block gives 4·2^k, a later stage's doubles the one before.
            long outSize = layer.StartsWith("h_net1/", StringComparison.Ordinal)
                ? 4L << int.Parse(layer["h_net1/upsample".Length..], System.Globalization.CultureInfo.InvariantCulture)
                : options.BaseSize << (int.Parse(layer[5..6], System.Globalization.CultureInfo.InvariantCulture) - 1);
            long inSize = outSize / 2;
            if (inSize * inSize < InferenceFusion.SubPixelMinimumPixels)
            {
                Assert.Equal(flops, merged[layer]);
                continue;
            }
            // Four 2×2 kernels per output channel on (H+1)×(W+1) positions against nine taps on 2H×2W.
            double expected = 16.0 / 36.0 * (inSize + 1) * (inSize + 1) / ((double)inSize * inSize);
            Assert.Equal(expected, merged[layer] / flops, 6);
            checkedLarge++;
        }
        Assert.True(checkedLarge > 0, "the bird generator has up blocks above the size threshold");
    }
}
