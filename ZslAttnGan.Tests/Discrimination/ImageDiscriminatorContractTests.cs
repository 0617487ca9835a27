using ZslAttnGan.Discrimination;
using ZslAttnGan.Testing;
using ZslAttnGan.Testing.Contracts;

namespace ZslAttnGan.Tests.Discrimination;

public class Discriminator32ContractTests : ImageDiscriminatorContract<ImageDiscriminator>
{
    protected override ImageDiscriminator Create() => new(32, ndf: 2, conditionSize: TinyModels.EmbeddingSize);
}

public class Discriminator64WithoutUnconditionalHeadContractTests : ImageDiscriminatorContract<ImageDiscriminator>
{
    protected override ImageDiscriminator Create() => new(64, ndf: 2, conditionSize: TinyModels.EmbeddingSize, unconditionalHead: false);
}

public class Discriminator128SpectralNormContractTests : ImageDiscriminatorContract<ImageDiscriminator>
{
    protected override ImageDiscriminator Create() => new(128, ndf: 2, conditionSize: TinyModels.EmbeddingSize, spectralNorm: true);
}

public class Discriminator64WithoutBatchNormContractTests : ImageDiscriminatorContract<ImageDiscriminator>
{
    protected override ImageDiscriminator Create() => new(64, ndf: 2, conditionSize: TinyModels.EmbeddingSize, batchNorm: false);
}

public class Discriminator16ContractTests : ImageDiscriminatorContract<ImageDiscriminator>
{
    protected override ImageDiscriminator Create() => new(16, ndf: 2, conditionSize: TinyModels.EmbeddingSize);
}
