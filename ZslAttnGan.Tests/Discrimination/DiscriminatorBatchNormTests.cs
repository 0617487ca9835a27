using ZslAttnGan.Discrimination;
using ZslAttnGan.Interop;
using ZslAttnGan.Models;
using ZslAttnGan.Testing;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Training;

namespace ZslAttnGan.Tests.Discrimination;

public class DiscriminatorBatchNormTests
{
    [Theory]
    [InlineData(32)] [InlineData(64)] [InlineData(128)] [InlineData(256)]
    public void WithoutBatchNormOnlyTheBatchNormKeysGo(int size)
    {
        using var with = new ImageDiscriminator(size, 2, 8);
        using var without = new ImageDiscriminator(size, 2, 8, batchNorm: false);
        Assert.True(with.HasBatchNorm);
        Assert.False(without.HasBatchNorm);
        var withKeys = with.state_dict().Keys.ToHashSet();
        var withoutKeys = without.state_dict().Keys.ToHashSet();
        Assert.DoesNotContain(without.modules(), m => m is ZslAttnGan.Nn.BatchNorm);
        Assert.Subset(withKeys, withoutKeys);
        // What goes is exactly the BatchNorm modules' parameters and statistics.
        var bnPrefixes = with.named_modules().Where(m => m.module is ZslAttnGan.Nn.BatchNorm).Select(m => m.name + ".").ToList();
        Assert.NotEmpty(bnPrefixes);
        Assert.All(withKeys.Except(withoutKeys), k => Assert.Contains(bnPrefixes, p => k.StartsWith(p, StringComparison.Ordinal)));
        Assert.All(withoutKeys, k => Assert.DoesNotContain(bnPrefixes, p => k.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void WithoutBatchNormARowsScoreInTrainModeDoesNotDependOnTheOtherRows()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        foreach (bool batchNorm in new[] { false, true })
        {
            using var d = new ImageDiscriminator(64, 2, 8, batchNorm: batchNorm);
            d.ResetParameters(g);
            d.train();
            var images = randn(new long[] { 4, 3, 64, 64 }, generator: g);
            var sentences = randn(new long[] { 4, 8 }, generator: g);
            var whole = d.ConditionalLogits(d.Features(images), sentences);
            var firstTwo = d.ConditionalLogits(d.Features(images[..2]), sentences[..2]);
            bool independent = (whole[..2] - firstTwo).abs().max().item<float>() < 1e-5f;
            // The property must tell the two apart: with BatchNorm the batch statistics couple the rows.
            Assert.Equal(!batchNorm, independent);
        }
    }

    [Fact]
    public void TheOptionReachesTheModelTheGanPartsCheckAndTheExportWarnings()
    {
        var options = TinyModels.ZslAttnGan() with { DiscriminatorBatchNorm = false };
        using var model = new ZslAttnGanModel(options, TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        Assert.All(model.Discriminators, d => Assert.DoesNotContain(d.Module.modules(), m => m is ZslAttnGan.Nn.BatchNorm));
        Assert.Contains(ReferenceCompatibility.Warnings(options), w => w.Contains("no BatchNorm", StringComparison.Ordinal));
        using var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training());
        var result = trainer.Train(new TinyTrainingData(2), 2);
        Assert.All(result.LastLosses, kv => Assert.True(double.IsFinite(kv.Value), kv.Key));
    }
}
