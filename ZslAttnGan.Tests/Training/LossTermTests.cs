using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Training;

public class LossTermTests
{
    private sealed class Brightness(double weight) : ILossTerm
    {
        public string Name => "brightness";
        public LossPhase Phase => LossPhase.Generator;
        public int Calls { get; private set; }
        public Tensor Compute(LossTermContext context)
        {
            Calls++;
            Assert.NotNull(context.Fake);
            return context.Fake!.Images[^1].mean().neg().Plus(Scalars.S(1)) * Scalars.S(weight);
        }
    }

    [Fact]
    public void AnExtraGeneratorTermIsAddedLoggedAndTrainsTheGenerator()
    {
        float MeanImage(bool withTerm)
        {
            using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 2);
            using var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training() with { GeneratorLearningRate = 0.01 });
            var term = new Brightness(100);
            if (withTerm) trainer.ExtraLossTerms.Add(term);
            var result = trainer.Train(new TinyTrainingData(1, fixedBatch: true), 15);
            if (withTerm)
            {
                Assert.Equal(15, term.Calls);
                Assert.Contains("brightness", result.LastLosses.Keys);
            }
            using var _ = no_grad();
            model.Generator.Module.eval();
            // Explicit generators: other tests running in parallel draw from the global one.
            using var g = new Generator(5);
            var condition = randn(new long[] { 4, 16 }, generator: g);
            var words = randn(new long[] { 4, 16, 3 }, generator: g);
            return model.Generator.Generate(condition, words, null, generator: g).Images[^1].mean().item<float>();
        }
        Assert.True(MeanImage(true) > MeanImage(false) + 0.1f, "the term pushing images brighter had no effect");
    }
}

public class TensorBoardTests
{
    [Fact]
    public void LossesAreWrittenAsTensorBoardEvents()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
            using var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training() with { LogInterval = 1 }) { TensorBoardDirectory = dir };
            trainer.Train(new TinyTrainingData(2), 2);
            var events = Directory.GetFiles(dir, "events.out.tfevents*", SearchOption.AllDirectories);
            Assert.NotEmpty(events);
            Assert.True(events.Sum(f => new FileInfo(f).Length) > 100);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
