using TorchSharp.Modules;
using ZslAttnGan.Vision;
using static TorchSharp.torch;

namespace ZslAttnGan.Components;

/// <summary>
/// The image-encoder role: images → region features (for DAMSM's word attention) and a global code in the sentence
/// codes' space. The built-in one is <see cref="ImageEncoder"/> (Inception-v3 trunk or a small CNN).
/// </summary>
public interface IImageEncoder : IModelComponent
{
    /// <summary>Channels of the regions and width of the code (the text encoder's word and sentence size).</summary>
    int EmbeddingSize { get; }

    /// <summary>The square input size the encoder needs, or null when it accepts (and resizes) any size itself.
    /// Evaluation resizes other images to it.</summary>
    int? InputSize { get; }

    /// <summary>Encodes images [B, 3, H, W] in [−1, 1] to regions [B, EmbeddingSize, R, R] and a code [B, EmbeddingSize].</summary>
    /// <exception cref="ArgumentException">The images are not [B, 3, H, W] floating point.</exception>
    ImageEncoding Encode(Tensor images);

    /// <summary>The parameters the encoder phase trains (e.g. not a frozen pretrained trunk), in a fixed order.</summary>
    IEnumerable<Parameter> TrainableParameters();
}
