using ZslAttnGan.Testing;
using ZslAttnGan.Testing.Contracts;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Zsl;

public class ZslDiscriminatorContractTests : ZslCriticContract<ZslDiscriminator>
{
    protected override ZslDiscriminator Create() => new(TinyModels.ClassCount, TinyModels.EmbeddingSize, hidden: 16);
}
