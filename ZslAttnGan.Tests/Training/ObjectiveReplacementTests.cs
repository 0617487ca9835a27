using ZslAttnGan.Components;
using ZslAttnGan.Losses;
using ZslAttnGan.Testing;
using ZslAttnGan.Training;

namespace ZslAttnGan.Tests.Training;

public class ObjectiveReplacementTests
{
    /// <summary>A user's objective wrapping the built-in hinge one and counting its calls.</summary>
    private sealed class CountingObjective : IImageAdversarialObjective
    {
        private readonly HingeObjective _inner = new();
        public int DiscriminatorCalls { get; private set; }
        public int GeneratorCalls { get; private set; }
        public string Name => "counting_hinge";

        public DiscriminatorLossResult Discriminator(IImageDiscriminator discriminator, Tensor real, Tensor fake, Tensor conditions)
        {
            DiscriminatorCalls++;
            return _inner.Discriminator(discriminator, real, fake, conditions);
        }

        public GeneratorAdversarialResult Generator(IImageDiscriminator discriminator, Tensor fake, Tensor conditions)
        {
            GeneratorCalls++;
            return _inner.Generator(discriminator, fake, conditions);
        }
    }

    private sealed class CountingZsl(IZslObjective inner) : IZslObjective
    {
        public int CriticCalls { get; private set; }
        public string Name => "counting";
        public int CriticIterations => 2;
        public Tensor EncoderLoss(IZslCritic critic, Tensor imageCodes, Tensor sentenceCodes, Tensor classIds) => inner.EncoderLoss(critic, imageCodes, sentenceCodes, classIds);
        public Tensor CriticLoss(IZslCritic critic, Tensor imageCodes, Tensor sentenceCodes, Tensor classIds, torch.Generator? generator)
        {
            CriticCalls++;
            return inner.CriticLoss(critic, imageCodes, sentenceCodes, classIds, generator);
        }
        public Tensor GeneratedImageLoss(IZslCritic critic, Tensor imageCodes, Tensor classIds) => inner.GeneratedImageLoss(critic, imageCodes, classIds);
    }

    [Fact]
    public void AReplacedImageObjectiveIsTheOneTheGanStepUses()
    {
        using var model = TinyModels.Model();
        using var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training());
        Assert.IsType<BceObjective>(trainer.Objectives.ImageAdversarial);
        var objective = new CountingObjective();
        trainer.Objectives.ImageAdversarial = objective;
        trainer.Train(new TinyTrainingData(2), 2);
        // Two discriminators, two steps.
        Assert.Equal(4, objective.DiscriminatorCalls);
        Assert.Equal(4, objective.GeneratorCalls);
        Assert.Throws<ArgumentNullException>(() => trainer.Objectives.ImageAdversarial = null!);
    }

    [Fact]
    public void AReplacedZslObjectiveSetsTheCriticIterations()
    {
        using var model = TinyModels.Model();
        using var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training());
        Assert.IsType<ZslBceObjective>(trainer.Objectives.Zsl);
        var objective = new CountingZsl(trainer.Objectives.Zsl);
        trainer.Objectives.Zsl = objective;
        trainer.Train(new TinyTrainingData(3), 3);
        Assert.Equal(6, objective.CriticCalls);
    }

    [Fact]
    public void TheLossOptionsSelectTheBuiltInObjectives()
    {
        var wgan = new TrainingObjectives(new LossOptions { ZslLoss = ZslLossKind.WganGp, GradientPenaltyWeight = 3, CriticIterations = 4, Adversarial = AdversarialObjective.DfGan });
        var zsl = Assert.IsType<ZslWganGpObjective>(wgan.Zsl);
        Assert.Equal(3, zsl.PenaltyWeight);
        Assert.Equal(4, zsl.CriticIterations);
        Assert.IsType<HingeObjective>(wgan.ImageAdversarial);
        Assert.IsType<DamsmLoss>(wgan.Matching);
        Assert.IsType<KlDivergencePenalty>(wgan.Conditioning);
    }
}
