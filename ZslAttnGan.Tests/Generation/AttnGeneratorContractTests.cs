using ZslAttnGan.Generation;
using ZslAttnGan.Testing;
using ZslAttnGan.Testing.Contracts;

namespace ZslAttnGan.Tests.Generation;

/// <summary>The tiny ZSL-AttnGAN generator (two stages, image noise) under the generator contract.</summary>
public class ZslAttnGeneratorContractTests : ImageGeneratorContract<AttnGenerator>
{
    protected override AttnGenerator Create() => new(TinyModels.ZslAttnGan().Generator);
}

/// <summary>The tiny AttnGAN generator: conditioning augmentation reads the sentence (its μ and log σ² are trained by
/// the KL term, not by the images alone, so they may legitimately get a zero gradient here only if unused).</summary>
public class AttnGanGeneratorContractTests : ImageGeneratorContract<AttnGenerator>
{
    protected override AttnGenerator Create() => new(TinyModels.AttnGan().Generator);

    protected override int ConditionSize => TinyModels.AttnGan().Generator.SentenceSize;
}

/// <summary>The single-output (DCGAN-style) variant with three stages at a 32-px base.</summary>
public class SingleOutputGeneratorContractTests : ImageGeneratorContract<AttnGenerator>
{
    protected override AttnGenerator Create() => new(TinyModels.ZslAttnGan().Generator with { Branches = 3, SingleOutput = true });
}
