using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Text;

/// <summary>The padding mask of a caption batch, built in one place for the trainers, sampling, DAMSM and the pipeline.</summary>
public static class PaddingMask
{
    /// <summary>[B, <paramref name="width"/>] bool, true at the positions past each caption's length.</summary>
    /// <param name="lengths">Caption lengths [B] (int64, any device).</param>
    /// <param name="width">T: the word features' width (the longest caption of the batch, or more).</param>
    /// <param name="device">Device of the mask (that of the word features).</param>
    public static Tensor For(Tensor lengths, long width, Device device) =>
        Ranges.Arange(width, device).unsqueeze(0) >= lengths.to(device).unsqueeze(1);
}
