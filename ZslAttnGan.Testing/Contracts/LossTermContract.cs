using Xunit;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Training;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Testing.Contracts;

/// <summary>
/// The contract of an <see cref="ILossTerm"/>: a usable name, a finite scalar value connected to what its phase trains
/// (the generator in <see cref="LossPhase.Generator"/>, the encoders in <see cref="LossPhase.Encoder"/>), the same
/// value for the same inputs, and a few training steps with the term added that log it and stay finite. Terms of every
/// phase are supported: generator, encoders, image discriminators and the ZSL critic. The term runs
/// on a <see cref="TinyModels"/> model and <see cref="TinyTrainingData"/> batches, with the context a trainer builds.
/// </summary>
/// <typeparam name="TTerm">The loss term under test.</typeparam>
public abstract class LossTermContract<TTerm> where TTerm : ILossTerm
{
    /// <summary>A new term.</summary>
    protected abstract TTerm Create();

    /// <summary>The model the term runs on (default: the tiny ZSL-AttnGAN).</summary>
    protected virtual ModelOptions Model => TinyModels.ZslAttnGan();

    /// <summary>Builds the context a trainer passes in <paramref name="phase"/> for <paramref name="batch"/>: the
    /// generator phase encodes text without gradient and generates; the encoder phase encodes text and real images with
    /// gradients; the image-discriminator phase hands the last discriminator real and detached generated images; the
    /// ZSL-critic phase detached codes.</summary>
    protected static LossTermContext Context(ZslAttnGanModel model, TinyBatch batch, LossPhase phase, Generator generator)
    {
        switch (phase)
        {
            case LossPhase.Generator:
            case LossPhase.ImageDiscriminator:
            {
                model.Generator.Module.train();
                foreach (var d in model.Discriminators) d.Module.train();
                // As the GAN step does: text without gradients, the generator with them.
                var (text, _, fake) = model.GenerateFromCaptions(batch.Captions, batch.Lengths, generator);
                if (phase == LossPhase.Generator)
                    return new LossTermContext(model, batch, text, model.ImageEncoder.Encode(fake.Images[^1]), fake);
                int last = model.Discriminators.Count - 1;
                return new LossTermContext(model, batch, text, null, fake)
                {
                    DiscriminatorIndex = last, RealImages = batch.Images[^1], GeneratedImages = fake.Images[^1].detach(), Conditions = text.Sentence,
                };
            }
            case LossPhase.ZslCritic:
            {
                Text.TextEncoding text;
                Vision.ImageEncoding image;
                using (no_grad())
                {
                    text = model.TextEncoder.Encode(batch.Captions, batch.Lengths, generator: generator);
                    image = model.ImageEncoder.Encode(batch.Images[^1]);
                }
                return new LossTermContext(model, batch, text, image, null);
            }
            default:
                model.TextEncoder.Module.train();
                model.ImageEncoder.Module.train();
                return new LossTermContext(model, batch, model.TextEncoder.Encode(batch.Captions, batch.Lengths, generator: generator),
                    model.ImageEncoder.Encode(batch.Images[^1]), null);
        }
    }

    /// <summary>The parameters what <paramref name="phase"/> trains.</summary>
    protected static IEnumerable<TorchSharp.Modules.Parameter> TrainedBy(ZslAttnGanModel model, LossPhase phase) => phase switch
    {
        LossPhase.Generator => model.Generator.Module.parameters(),
        LossPhase.ImageDiscriminator => model.Discriminators[^1].Module.parameters(),
        LossPhase.ZslCritic => model.ZslDiscriminator!.Module.parameters(),
        _ => model.TextEncoder.Module.parameters().Concat(model.ImageEncoder.TrainableParameters()),
    };

    private (ZslAttnGanModel Model, TinyBatch Batch) Setup() =>
        (TinyModels.Model(Model, seed: 41), new TinyTrainingData(1, seed: 42).Batch(0));

    /// <summary>The name is non-empty and has no whitespace (it keys logs, TensorBoard tags and reports).</summary>
    [Fact]
    public void TheNameIsAUsableKey()
    {
        var term = Create();
        Assert.False(string.IsNullOrWhiteSpace(term.Name), "The term has no name.");
        Assert.False(term.Name.Any(char.IsWhiteSpace), $"The term's name '{term.Name}' contains whitespace.");
        Assert.True(Enum.IsDefined(term.Phase), $"Unknown phase {term.Phase}.");
    }

    /// <summary>The value is a finite one-element tensor, and the gradient of it reaches a parameter of what its phase
    /// trains.</summary>
    [Fact]
    public void TheValueIsAFiniteScalarThatTrainsItsPhase()
    {
        var term = Create();
        var (model, batch) = Setup();
        using (model)
        using (batch)
        {
            using var scope = NewDisposeScope();
            using var g = new Generator(43);
            var value = term.Compute(Context(model, batch, term.Phase, g));
            Assert.True(value.numel() == 1, $"The value has shape [{string.Join(", ", value.shape)}]; a scalar is required.");
            Assert.True(value.isfinite().all().item<bool>(), "The value is not finite.");
            Assert.True(value.requires_grad, "The value is not connected to any parameter (requires_grad is false).");
            value.sum().backward();
            Assert.True(TrainedBy(model, term.Phase).Any(p => p.grad is { } gr && gr.abs().max().item<float>() > 0),
                $"No parameter of what the {term.Phase} phase trains got a gradient from the term.");
        }
    }

    /// <summary>The same model, batch and random draws give the same value.</summary>
    [Fact]
    public void TheSameInputsGiveTheSameValue()
    {
        var term = Create();
        var (model, batch) = Setup();
        using (model)
        using (batch)
        {
            using var scope = NewDisposeScope();
            using var g1 = new Generator(44);
            using var g2 = new Generator(44);
            var first = term.Compute(Context(model, batch, term.Phase, g1)).detach();
            var second = term.Compute(Context(model, batch, term.Phase, g2)).detach();
            TensorAssert.BitwiseEqual(first, second, "the term's value computed twice");
        }
    }

    /// <summary>Three steps of the trainer of its phase with the term added stay finite and log it by name (with the
    /// discriminator's index in the image-discriminator phase).</summary>
    [Fact]
    public void ATrainerRunsWithTheTermAndLogsIt()
    {
        var term = Create();
        using var model = TinyModels.Model(Model, seed: 45);
        bool gan = term.Phase is LossPhase.Generator or LossPhase.ImageDiscriminator;
        using Trainer trainer = gan
            ? new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training())
            : new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training());
        trainer.ExtraLossTerms.Add(term);
        var result = trainer.Train(new TinyTrainingData(3, seed: 46), 3);
        Assert.Equal(3, result.State.Step);
        Assert.Equal(0, result.State.SkippedBatches);
        var key = term.Phase == LossPhase.ImageDiscriminator ? term.Name + "0" : term.Name;
        Assert.True(result.LastLosses.TryGetValue(key, out var v), $"The trainer did not log '{key}'.");
        Assert.True(double.IsFinite(v), $"'{key}' was {v} in the last step.");
    }
}
