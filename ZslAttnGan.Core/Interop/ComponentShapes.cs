using ZslAttnGan.Training;
using ZslAttnGan.Vision;
using ZslAttnGan.Models;

namespace ZslAttnGan.Interop;

/// <summary>Shape of an image discriminator read from its weights.</summary>
/// <param name="ImageSize">32, 64, 128 or 256.</param>
/// <param name="Ndf">DF_DIM.</param>
/// <param name="ConditionSize">Sentence size of the conditional head.</param>
/// <param name="UnconditionalHead">Whether UNCOND_DNET is present.</param>
public sealed record ImageDiscriminatorShape(int ImageSize, int Ndf, int ConditionSize, bool UnconditionalHead);

/// <summary>Shape of a ZSL discriminator read from its weights.</summary>
/// <param name="Classes">Classes of the class head.</param>
/// <param name="InFeatures">Code size.</param>
/// <param name="Hidden">Shared layer width.</param>
public sealed record ZslDiscriminatorShape(int Classes, int InFeatures, int Hidden);

/// <summary>Shape of an image encoder read from its weights.</summary>
/// <param name="Backbone">Inception-v3 trunk or our small CNN.</param>
/// <param name="SmallCnnWidth">First-layer channels of the small CNN (0 for Inception-v3).</param>
/// <param name="EmbeddingDim">Region and code size D.</param>
/// <param name="GlobalCodeHead">Which form the global-code keys have (<c>emb_cnn_code.0.*</c> or <c>emb_cnn_code.*</c>).</param>
public sealed record ImageEncoderShape(ImageBackboneKind Backbone, int SmallCnnWidth, int EmbeddingDim, GlobalCodeHead GlobalCodeHead);
