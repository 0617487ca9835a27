using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// Re-estimates the running statistics of every <see cref="BatchNorm"/> in a module from forward passes with its
/// current weights ("standing statistics", as BigGAN does for its averaged generator). The running statistics a
/// generator carries were collected by the raw weights during training; when the weights are replaced by their moving
/// average, eval-mode BatchNorm normalises with statistics of another network, which washes out and blurs its images.
/// </summary>
public static class BatchNormStatistics
{
    /// <summary>Resets the statistics of every <see cref="BatchNorm"/> of <paramref name="module"/>, runs
    /// <paramref name="forward"/> <paramref name="batches"/> times (argument: the batch number) with only those layers in
    /// training mode, without gradients and each call in its own dispose scope, so that each layer ends with the plain
    /// average of the batches' statistics; then restores every layer's mode. Nothing else of the module changes (dropout
    /// and every other layer keep their modes, no parameter is touched).</summary>
    /// <returns>The number of BatchNorm layers re-estimated (0: none, and <paramref name="forward"/> was not called).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batches"/> is not positive.</exception>
    public static int Recalibrate(nn.Module module, int batches, Action<int> forward)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(forward);
        Guard.Positive(batches, nameof(batches));
        var layers = module.modules().OfType<BatchNorm>().ToList();
        if (layers.Count == 0) return 0;
        var modes = layers.Select(l => l.training).ToList();
        try
        {
            foreach (var layer in layers)
            {
                layer.StartCumulativeStatistics();
                layer.train();
            }
            using var _ = no_grad();
            for (int i = 0; i < batches; i++)
            {
                using var scope = NewDisposeScope();
                forward(i);
            }
        }
        finally
        {
            for (int i = 0; i < layers.Count; i++)
            {
                layers[i].StopCumulativeStatistics();
                layers[i].train(modes[i]);
            }
        }
        return layers.Count;
    }
}
