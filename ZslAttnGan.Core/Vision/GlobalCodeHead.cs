namespace ZslAttnGan.Vision;

/// <summary>The form of the image encoder's global-code head (the projection of the pooled backbone vector).</summary>
public enum GlobalCodeHead
{
    /// <summary>
    /// ZSL-AttnGAN: <c>Tanh(Linear(pooled))</c>, so the code lives in the range of the ZSL sentence generator's output.
    /// State-dict keys <c>emb_cnn_code.0.weight</c> and <c>emb_cnn_code.0.bias</c> (a PyTorch Sequential).
    /// </summary>
    ZslTanh = 0,

    /// <summary>
    /// Original AttnGAN: a plain <c>Linear(pooled)</c> without activation. State-dict keys
    /// <c>emb_cnn_code.weight</c> and <c>emb_cnn_code.bias</c>.
    /// </summary>
    Linear = 1,
}
