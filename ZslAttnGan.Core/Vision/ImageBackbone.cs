using TorchSharp;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// The convolutional trunk of an <see cref="ImageEncoder"/>: it maps images to a region feature map and a pooled
/// vector, on which the encoder's two trainable heads work. <see cref="InceptionV3Trunk"/> is the reference trunk;
/// <see cref="SmallCnnBackbone"/> is a small trainable one for small images and CPU work.
/// </summary>
/// <remarks>
/// An <see cref="ImageEncoder"/> adopts the backbone's child modules as its own, so their state-dict keys have no
/// prefix (<c>Conv2d_1a_3x3.conv.weight</c>, <c>Mixed_6e.branch1x1.bn.running_mean</c>, …), exactly as in the
/// reference <c>CNN_ENCODER</c>. Child names must therefore not collide with the heads' names (<c>emb_features</c>,
/// <c>emb_cnn_code</c>).
/// </remarks>
public abstract class ImageBackbone : nn.Module<Tensor, BackboneFeatures>
{
    /// <summary>Initialises the native module.</summary>
    /// <param name="name">Module name (for diagnostics).</param>
    protected ImageBackbone(string name) : base(name)
    {
    }

    /// <summary>Channels of <see cref="BackboneFeatures.Regions"/>.</summary>
    public abstract long RegionChannels { get; }

    /// <summary>Length of <see cref="BackboneFeatures.Pooled"/>.</summary>
    public abstract long PooledChannels { get; }

    /// <summary>Height and width of the (square) region map.</summary>
    public abstract long RegionGridSize { get; }

    /// <summary>Height and width of the (square) images the backbone takes.</summary>
    public abstract long InputSize { get; }

    /// <summary>
    /// True when the <see cref="ImageEncoder"/> resizes any input to <see cref="InputSize"/> before the backbone
    /// (Inception-v3: bilinear resize to 299 × 299). False when the input must already be
    /// <see cref="InputSize"/> × <see cref="InputSize"/>.
    /// </summary>
    public abstract bool ResizesInput { get; }

    /// <summary>
    /// Whether the backbone's parameters are trained by default. The Inception-v3 trunk is frozen (pretrained weights
    /// are loaded from a checkpoint); the small CNN is trained with the heads.
    /// </summary>
    public abstract bool TrainableByDefault { get; }
}
