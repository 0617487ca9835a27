using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// The two trainable heads of the image encoder: <c>emb_features</c>, a bias-free 1 × 1 convolution from the
/// backbone's region channels to D, and <c>emb_cnn_code</c>, a Linear from the pooled vector to D (followed by Tanh in
/// ZSL-AttnGAN). Initialisation as in the reference: weights uniform(−0.1, 0.1), Linear bias PyTorch default
/// uniform(±1/√in).
/// </summary>
public sealed class ImageEncoderHeads : nn.Module<Tensor, Tensor, ImageEncoding>
{
    /// <summary>Half-width of the uniform weight initialisation.</summary>
    public const double InitRange = 0.1;

    [ComponentName(Name = "emb_features")]
    private readonly ZslAttnGan.Nn.Convolution2d _embFeatures;

    [ComponentName(Name = "emb_cnn_code")]
    private readonly nn.Module<Tensor, Tensor> _embCnnCode;

    /// <summary>Creates the heads.</summary>
    /// <param name="regionChannels">Channels of the backbone's region map (768 for Inception-v3).</param>
    /// <param name="pooledChannels">Length of the backbone's pooled vector (2048 for Inception-v3).</param>
    /// <param name="embeddingDim">Output size D (256).</param>
    /// <param name="globalCodeHead">Tanh after the Linear (ZSL-AttnGAN) or not (AttnGAN).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public ImageEncoderHeads(long regionChannels, long pooledChannels, long embeddingDim, GlobalCodeHead globalCodeHead = GlobalCodeHead.ZslTanh)
        : base(nameof(ImageEncoderHeads))
    {
        Guard.Positive(regionChannels, nameof(regionChannels));
        Guard.Positive(pooledChannels, nameof(pooledChannels));
        Guard.Positive(embeddingDim, nameof(embeddingDim));
        if (!Enum.IsDefined(globalCodeHead))
            throw new ArgumentOutOfRangeException(nameof(globalCodeHead), globalCodeHead, "Unknown global-code head.");

        RegionChannels = regionChannels;
        PooledChannels = pooledChannels;
        EmbeddingDim = embeddingDim;
        GlobalCodeHead = globalCodeHead;

        _embFeatures = new ZslAttnGan.Nn.Convolution2d(regionChannels, embeddingDim, 1, stride: 1, padding: 0, hasBias: false);
        var linear = nn.Linear(pooledChannels, embeddingDim);
        _embCnnCode = globalCodeHead == GlobalCodeHead.ZslTanh ? nn.Sequential(linear, nn.Tanh()) : linear;
        using (no_grad())
        {
            nn.init.uniform_(_embFeatures.Weight, -InitRange, InitRange);
            nn.init.uniform_(linear.weight!, -InitRange, InitRange);
        }
        RegisterComponents();
    }

    /// <summary>The reference init (weights U(±0.1), Linear bias PyTorch's default) drawn from <paramref name="generator"/>.</summary>
    public void ResetParameters(Generator generator)
    {
        Initialization.DefaultInit.Reset(this, generator);
        using var _ = no_grad();
        _embFeatures.Weight.uniform_(-InitRange, InitRange, generator);
        var linear = _embCnnCode as Linear ?? (Linear)((Sequential)_embCnnCode).children().First();
        linear.weight!.uniform_(-InitRange, InitRange, generator);
    }

    /// <summary>Channels of the region map the heads take.</summary>
    public long RegionChannels { get; }

    /// <summary>Length of the pooled vector the heads take.</summary>
    public long PooledChannels { get; }

    /// <summary>Output size D.</summary>
    public long EmbeddingDim { get; }

    /// <summary>The form of the global-code head.</summary>
    public GlobalCodeHead GlobalCodeHead { get; }

    /// <summary>Applies both heads.</summary>
    /// <param name="backboneRegions">Region map [B, <see cref="RegionChannels"/>, h, w], floating point.</param>
    /// <param name="pooled">Pooled vector [B, <see cref="PooledChannels"/>], floating point.</param>
    /// <returns>Regions [B, D, h, w] and code [B, D].</returns>
    /// <exception cref="ArgumentException">A shape, dtype or batch size does not fit.</exception>
    public override ImageEncoding forward(Tensor backboneRegions, Tensor pooled)
    {
        Guard.Shape(backboneRegions, nameof(backboneRegions), $"[B, {RegionChannels}, H, W]", -1, RegionChannels, -1, -1);
        Guard.Shape(pooled, nameof(pooled), $"[B, {PooledChannels}]", -1, PooledChannels);
        Guard.Floating(backboneRegions, nameof(backboneRegions));
        Guard.Floating(pooled, nameof(pooled));
        Guard.SameBatch(backboneRegions, nameof(backboneRegions), pooled, nameof(pooled));
        return new ImageEncoding(_embFeatures.call(backboneRegions), _embCnnCode.call(pooled));
    }

    /// <summary>
    /// Renames the global-code head's keys of a state dict to the form <paramref name="target"/> expects:
    /// <c>emb_cnn_code.0.{weight,bias}</c> (ZSL-AttnGAN) or <c>emb_cnn_code.{weight,bias}</c> (AttnGAN). Use it to start
    /// a ZSL-AttnGAN encoder from a released AttnGAN DAMSM image encoder, or the other way round (the Linear weights are
    /// the same; only the Tanh differs). Other keys are passed through; tensors are not copied.
    /// </summary>
    /// <param name="stateDict">A full image-encoder or heads state dict.</param>
    /// <param name="target">The head form to rename to.</param>
    /// <param name="prefix">Prefix of the head keys, if the dict holds more than the encoder (e.g. "image_encoder.").</param>
    /// <returns>A new dictionary.</returns>
    public static Dictionary<string, Tensor> ConvertGlobalCodeKeys(IReadOnlyDictionary<string, Tensor> stateDict, GlobalCodeHead target, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        ArgumentNullException.ThrowIfNull(prefix);
        string zsl = prefix + "emb_cnn_code.0.", plain = prefix + "emb_cnn_code.";
        var result = new Dictionary<string, Tensor>();
        foreach (var (key, value) in stateDict)
        {
            string name = key;
            if (target == GlobalCodeHead.Linear && key.StartsWith(zsl, StringComparison.Ordinal))
                name = plain + key[zsl.Length..];
            else if (target == GlobalCodeHead.ZslTanh && key.StartsWith(plain, StringComparison.Ordinal) && !key.StartsWith(zsl, StringComparison.Ordinal))
                name = zsl + key[plain.Length..];
            if (!result.TryAdd(name, value))
                throw new ArgumentException($"State dict holds both forms of the global-code key {name}.", nameof(stateDict));
        }
        return result;
    }
}
