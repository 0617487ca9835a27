using ZslAttnGan.Modules;
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
        public Tensor Compute(LossTermContext context) => context.Image.Code.square().mean().mul(Scalars.S(0.01));
    }

    protected override CodeNorm Create() => new();
}
