using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Testing.Contracts;
using ZslAttnGan.Training;

namespace ZslAttnGan.Tests.Training;

/// <summary>Two small terms of the kinds users add, one per phase, under the loss-term contract.</summary>
public class GeneratorLossTermContractTests : LossTermContract<GeneratorLossTermContractTests.MeanBrightness>
{
    public sealed class MeanBrightness : ILossTerm
    {
        public string Name => "mean_brightness";
        public LossPhase Phase => LossPhase.Generator;
        public Tensor Compute(LossTermContext context) => context.Fake!.Images[^1].mean().neg();
    }

    protected override MeanBrightness Create() => new();
}

public class EncoderLossTermContractTests : LossTermContract<EncoderLossTermContractTests.CodeNorm>
{
    public sealed class CodeNorm : ILossTerm
    {
        public string Name => "code_norm";
        public LossPhase Phase => LossPhase.Encoder;
        public Tensor Compute(LossTermContext context) => context.Image!.Code.square().mean().mul(Scalars.S(0.01));
    }

    protected override CodeNorm Create() => new();
}

/// <summary>R1 on real images, the library's discriminator-phase term.</summary>
public class R1PenaltyContractTests : LossTermContract<ZslAttnGan.Losses.R1Penalty>
{
    protected override ZslAttnGan.Losses.R1Penalty Create() => new(1);
}

/// <summary>A ZSL-critic-phase term: a small weight decay on the critic's class head output.</summary>
public class ZslCriticLossTermContractTests : LossTermContract<ZslCriticLossTermContractTests.ClassLogitNorm>
{
    public sealed class ClassLogitNorm : ILossTerm
    {
        public string Name => "class_logit_norm";
        public LossPhase Phase => LossPhase.ZslCritic;
        public Tensor Compute(LossTermContext context) =>
            context.Model.ZslDiscriminator!.Critique(context.Image!.Code).ClassLogits.square().mean().mul(Scalars.S(0.001));
    }

    protected override ClassLogitNorm Create() => new();
}
