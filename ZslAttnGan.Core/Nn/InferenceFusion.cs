using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// Fuses layers for inference without changing the modules, their parameters, buffers or state-dict keys (reference
/// checkpoints still load and export):
/// <list type="bullet">
/// <item>eval-mode batch norm folded into the convolution before it: <c>BN(conv(x, W))</c> becomes
/// <c>conv(x, W·s) + (β − μ·s)</c> with <c>s = γ / √(σ² + ε)</c>, one pass over every normalised activation map fewer;</item>
/// <item>nearest ×2 up-sampling merged into the 3×3 convolution after it (<see cref="SubPixelUpsampling"/>): 2.25× fewer
/// multiply-adds and no up-sampled copy of the input, for inputs of at least <see cref="SubPixelMinimumPixels"/> pixels
/// (below that the merged convolution was not faster).</item>
/// </list>
/// The fused weights are a snapshot held by the returned <see cref="FusedLayers"/>.
/// </summary>
/// <remarks>
/// <para>Layers are fused where a <see cref="Sequential"/> holds a <see cref="Convolution2d"/> directly followed by a
/// <see cref="BatchNorm"/> over its output channels, and where a <see cref="NearestUpsample"/> directly precedes a 3×3,
/// stride-1, padding-1 <see cref="Convolution2d"/> (the generator's up-sampling and residual blocks). Layers a module
/// calls from its own fields are left alone.</para>
/// <para>The fused path runs only when the modules are in eval mode and gradients are off (<c>no_grad</c>), so training,
/// and eval-mode passes that need gradients, compute exactly what they computed before. Outputs differ from the unfused
/// layers by rounding (a few ulp: the fused weights reorder the additions).</para>
/// <para>The snapshot is taken on first use after <see cref="Fuse"/> or <see cref="FusedLayers.Refresh"/>: weights or
/// statistics changed later (a state dict loaded, a training step) are not seen until <see cref="FusedLayers.Refresh"/>
/// is called or the fusion is disposed. Moving the model to another device is detected and re-snapshots.</para>
/// </remarks>
public static class InferenceFusion
{
    /// <summary>Inputs with fewer pixels (H·W) than this are up-sampled and convolved as before. Measured on the bird
    /// generator's up blocks (channels-last, 2 threads, AVX2 kernels), the merged convolution took 0.41–0.73 of the time
    /// from 16×16 inputs up at batch 1 and 16, but 0.98 at 8×8 and 1.1–1.7 at 4×4 for batches below 16, where its
    /// 2×2 kernels with four times the output channels run on too few positions (docs/performance.md).</summary>
    public const long SubPixelMinimumPixels = 16 * 16;

    /// <summary>Fuses every conv → batch-norm pair and up-sample → conv pair under <paramref name="root"/> until the result
    /// is disposed.</summary>
    /// <exception cref="InvalidOperationException">A layer is already fused (dispose the earlier fusion first).</exception>
    public static FusedLayers Fuse(nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var fused = new List<FusedConvolution>();
        try
        {
            foreach (var (_, module) in root.named_modules().Prepend(("", root)))
            {
                if (module is not Sequential sequential) continue;
                var children = sequential.children().ToList();
                for (int i = 0; i < children.Count; i++)
                {
                    if (children[i] is not Convolution2d conv) continue;
                    var upsample = i > 0 && children[i - 1] is NearestUpsample up && conv.IsSamePadded3x3 ? up : null;
                    var bn = i + 1 < children.Count && children[i + 1] is BatchNorm b && b.Features == conv.OutChannels ? b : null;
                    if (upsample is not null || bn is not null) fused.Add(new FusedConvolution(upsample, conv, bn));
                }
            }
        }
        catch
        {
            foreach (var f in fused) f.Dispose();
            throw;
        }
        return new FusedLayers(fused);
    }
}

/// <summary>The layers <see cref="InferenceFusion.Fuse"/> fused; disposing it restores the plain modules and frees the
/// fused weights.</summary>
public sealed class FusedLayers : IDisposable
{
    private readonly IReadOnlyList<FusedConvolution> _fused;
    private bool _disposed;

    internal FusedLayers(IReadOnlyList<FusedConvolution> fused) => _fused = fused;

    /// <summary>Convolutions with a batch norm folded in.</summary>
    public int FoldedBatchNorms => _fused.Count(f => f.HasBatchNorm);

    /// <summary>Convolutions with the up-sampling before them merged in.</summary>
    public int MergedUpsamplings => _fused.Count(f => f.HasUpsample);

    /// <summary>Drops the snapshot so that the next no-grad eval pass fuses the current weights and statistics.</summary>
    public void Refresh()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var f in _fused) f.Invalidate();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var f in _fused) f.Dispose();
    }
}
