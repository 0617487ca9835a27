using ZslAttnGan.Components;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// The generator role of GAZSL (ZSL-GAN, Zhu et al. CVPR 2018): a class condition (text feature or attribute vector)
/// and noise → a visual feature. Implemented by <see cref="GazslTextGenerator"/> (CUB/NAB, <c>_netG</c>) and
/// <see cref="GazslAttributeGenerator"/> (GBU, <c>_netG_att</c>); <see cref="GazslSteps"/> trains either.
/// </summary>
public interface IGazslGenerator : IModelComponent
{
    /// <summary>Size of the class condition (text feature or attribute vector).</summary>
    int ConditionSize { get; }

    /// <summary>Size of the noise z (100 in the reference).</summary>
    int NoiseSize { get; }

    /// <summary>Size of the generated visual feature.</summary>
    int FeatureSize { get; }

    /// <summary>Generates features [B, FeatureSize] from conditions [B, ConditionSize] and noise [B, NoiseSize].</summary>
    /// <exception cref="ArgumentException">A shape does not fit.</exception>
    Tensor Generate(Tensor conditions, Tensor noise);

    /// <summary>Generates features for samples whose condition is a row of a class table: what
    /// <c>Generate(classConditions[classIndex], noise)</c> gives (the default does exactly that); an implementation may
    /// do the per-class part of its work once per class instead (<see cref="GazslTextGenerator"/> does).</summary>
    /// <param name="classConditions">Class conditions [C, ConditionSize].</param>
    /// <param name="classIndex">Each sample's class [B], int64.</param>
    /// <param name="noise">Noise [B, NoiseSize].</param>
    /// <exception cref="ArgumentException">A shape does not fit.</exception>
    Tensor GenerateFromClassTable(Tensor classConditions, Tensor classIndex, Tensor noise) =>
        Generate(classConditions.index_select(0, classIndex), noise);

    /// <summary>The weight [reduced, ConditionSize] of the text-reduction layer, which the L2,1 regulariser makes
    /// column-sparse; null when the generator has no such layer (GBU).</summary>
    Tensor? TextReductionWeight { get; }
}
