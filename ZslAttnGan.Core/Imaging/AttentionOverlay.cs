using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Imaging;

/// <summary>
/// The tensor side of <see cref="AttentionGrid"/>: resizing image batches to the cell size and turning word-attention
/// maps into heat overlays. Kept apart from the layout code so each can be read on its own; all tensors here are
/// float32 on the CPU.
/// </summary>
internal static class AttentionOverlay
{
    /// <summary>Resizes [N, C, h, w] to [N, C, size, size].</summary>
    public static Tensor Resize(Tensor batch, int size, UpsampleMode mode)
    {
        if (batch.shape[^2] == size && batch.shape[^1] == size) return batch.alias();
        return mode == UpsampleMode.Bilinear
            ? nn.functional.interpolate(batch, new long[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: false)
            : nn.functional.interpolate(batch, new long[] { size, size }, mode: InterpolationMode.Nearest);
    }

    /// <summary>
    /// Heat cells for one sample: the maximum over the caption's words first, then one per word.
    /// </summary>
    /// <param name="attention">[T, s, s] attention of one sample.</param>
    /// <param name="wordCount">The caption's own words (the first <paramref name="wordCount"/> of T); the max covers them all.</param>
    /// <param name="shownWords">How many per-word cells to return (≤ <paramref name="wordCount"/>).</param>
    /// <param name="background">[3, size, size] image in [-1, 1] the heat is blended over.</param>
    /// <param name="alpha">Weight of the heat colour.</param>
    /// <returns>[1 + shownWords, 3, size, size] in [-1, 1].</returns>
    public static Tensor Render(Tensor attention, int wordCount, int shownWords, Tensor background, float alpha)
    {
        int size = (int)background.shape[^1];
        // Softmax output is ≥ 0, but a diverged model can give NaN; show that as "no attention" rather than failing.
        var own = attention.narrow(0, 0, wordCount).nan_to_num(0.0).clamp_min(S(0));
        var maps = cat(new[] { own.max(0, keepdim: true).values, own.narrow(0, 0, shownWords) }, 0);   // [m, s, s]
        long m = maps.shape[0];
        // Per-map stretch from its own minimum to its own peak, so every map uses the full colour range and the cells
        // show where each word looks most, not how strongly compared with other words. The reference divides by the
        // peak only; a word spread over the whole image (softmax weights all near 1/(h·w)) then paints its cell
        // almost white everywhere and the preference it does have is invisible. A map that is flat (range below 0.1 %
        // of its peak) has no preference to show and keeps the peak scaling: uniformly bright, not black.
        var flat = maps.reshape(m, -1);
        var peak = flat.max(1).values.clamp_min(S(1e-12)).reshape(m, 1, 1);
        var low = flat.min(1).values.reshape(m, 1, 1);
        var range = peak - low;
        var stretched = (maps - low) / range.clamp_min(S(1e-12));
        var normalised = where(range > peak.Times(1e-3), stretched, maps / peak).unsqueeze(1);         // [m, 1, s, s]
        var up = nn.functional.interpolate(normalised, new long[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: false)
            .clamp(S(0), S(1));
        var heat = Heat(up);                                                                            // [m, 3, c, c]
        var image01 = (background.Plus(1).DividedBy(2)).clamp(S(0), S(1)).unsqueeze(0);
        return ((image01.Times(1 - alpha)).Plus(heat.Times(alpha)).Times(2).Minus(1));
    }

    /// <summary>"Hot" colour map: black → red → yellow → white as the value goes 0 → 1, so weak attention darkens the
    /// image and the peak is unmistakable on any bird colour.</summary>
    private static Tensor Heat(Tensor value)
    {
        var r = (value.Times(3)).clamp(S(0), S(1));
        var g = (value.Times(3).Minus(1)).clamp(S(0), S(1));
        var b = (value.Times(3).Minus(2)).clamp(S(0), S(1));
        return cat(new[] { r, g, b }, 1);
    }
}
