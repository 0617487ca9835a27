using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>Label checks shared by the GAZSL losses and evaluation.</summary>
internal static class GazslLabels
{
    /// <summary>Throws unless every label lies in 0..classes−1.</summary>
    public static void CheckRange(Tensor labels, string name, long classes)
    {
        if (labels.numel() == 0) return;
        using var minT = labels.min();
        using var maxT = labels.max();
        long min = minT.item<long>(), max = maxT.item<long>();
        if (min < 0 || max >= classes)
            throw new ArgumentException($"{name} must lie in 0..{classes - 1} but ranges over {min}..{max}.", name);
    }
}
