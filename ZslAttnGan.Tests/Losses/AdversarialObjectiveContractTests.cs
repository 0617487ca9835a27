using ZslAttnGan.Losses;
using ZslAttnGan.Testing.Contracts;

namespace ZslAttnGan.Tests.Losses;

public class BceObjectiveContractTests : ImageAdversarialObjectiveContract<BceObjective>
{
    protected override BceObjective Create() => new();
}

public class HingeObjectiveContractTests : ImageAdversarialObjectiveContract<HingeObjective>
{
    protected override HingeObjective Create() => new();
}

/// <summary>Hinge with DF-GAN's matching-aware gradient penalty (the penalty is zero-centred, so it must not change
/// which discriminator scores better here).</summary>
public class HingeWithPenaltyObjectiveContractTests : ImageAdversarialObjectiveContract<IImageAdversarialObjective>
{
    protected override IImageAdversarialObjective Create() => AdversarialObjective.DfGan.Create();
}

public class ObjectiveSelectionTests
{
    [Fact]
    public void TheKindOptionSelectsItsClassAndThePenaltyTravelsWithIt()
    {
        Assert.IsType<BceObjective>(AdversarialObjective.AttnGan.Create());
        var hinge = Assert.IsType<HingeObjective>(AdversarialObjective.DfGan.Create());
        Assert.Equal(2, hinge.Penalty.MatchingAwarePenaltyWeight);
        Assert.Equal("hinge", hinge.Name);
    }
}
