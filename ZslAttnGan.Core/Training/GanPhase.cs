using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Generation;
using ZslAttnGan.Losses;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Models;

namespace ZslAttnGan.Training;

/// <summary>
/// One GAN step (attngan.md §5.2, zslgan.md §5.7): text features from the encoders (no gradient), one generator
/// forward, each image discriminator updated in order (64 → 128 → 256) on that fake batch, then the generator:
/// adversarial terms + λ_damsm × DAMSM on the last image's encoding + λ_zsl × the ZSL term on its code (ZSL mode) or
/// the KL term (AttnGAN mode); then the EMA of the generator's parameters.
/// </summary>
internal sealed class GanPhase : IDisposable
{
    private readonly TrainingContext _ctx;

    public GanPhase(TrainingContext ctx, bool freezeEncoders)
    {
        _ctx = ctx;
        var m = ctx.Model;
        if (freezeEncoders)
        {
            TrainingContext.SetRequiresGrad(m.TextEncoder, false);
            TrainingContext.SetRequiresGrad(m.ImageEncoder, false);
            if (m.ZslDiscriminator is not null) TrainingContext.SetRequiresGrad(m.ZslDiscriminator, false);
        }
        TrainingContext.SetRequiresGrad(m.Generator, true);
        GeneratorOptimizer = ctx.GanAdam(m.Generator.Module.parameters(), ctx.Training.GeneratorLearningRate);
        DiscriminatorOptimizers = m.Discriminators.Select(d =>
        {
            TrainingContext.SetRequiresGrad(d, true);
            return ctx.GanAdam(d.Module.parameters(), ctx.Training.DiscriminatorLearningRate);
        }).ToArray();
        Ema = new ExponentialMovingAverage(m.Generator.Module, ctx.Training.EmaDecay);
    }

    public AdamOptimizer GeneratorOptimizer { get; }
    public AdamOptimizer[] DiscriminatorOptimizers { get; }
    public ExponentialMovingAverage Ema { get; }

    public IEnumerable<(string Name, AdamOptimizer Optimizer)> Optimizers()
    {
        yield return (ZslAttnGanModel.GeneratorName, GeneratorOptimizer);
        for (int i = 0; i < DiscriminatorOptimizers.Length; i++)
            yield return (ZslAttnGanModel.DiscriminatorName(_ctx.Model.Discriminators[i].ImageSize), DiscriminatorOptimizers[i]);
    }

    public Dictionary<string, Tensor>? Step(ITrainingBatch batch)
    {
        var m = _ctx.Model;
        var loss = _ctx.Loss;
        m.TextEncoder.Module.eval();
        m.ImageEncoder.Module.eval();
        m.ZslDiscriminator?.Module.eval();
        m.Generator.Module.train();
        foreach (var d in m.Discriminators) d.Module.train();

        var (text, mask, fake) = m.GenerateFromCaptions(batch.Captions, batch.Lengths, _ctx.Rng);
        var (words, sentence) = (text.Words, text.Sentence);
        var fakes = fake.Images;
        var reals = RealsFor(batch, m);

        var losses = new Dictionary<string, Tensor>();
        var augment = loss.DiscriminatorAugmentation;
        for (int i = 0; i < m.Discriminators.Count; i++)
        {
            // Each update in its own scope: its activations are freed as soon as its backward is done, instead of
            // staying alive (through their handles) until the end of the step. Only the loss value leaves the scope.
            using var dScope = NewDisposeScope();
            var (real, generated) = augment is null ? (reals[i], fakes[i]) : (augment.Apply(reals[i], _ctx.Rng), augment.Apply(fakes[i].detach(), _ctx.Rng));
            var dLoss = _ctx.Objectives.ImageAdversarial.Discriminator(m.Discriminators[i], real, generated, sentence);
            var extra = new Dictionary<string, Tensor>();
            var errD = _ctx.AddExtraTerms(LossPhase.ImageDiscriminator, dLoss.Total,
                new LossTermContext(m, batch, text, null, fake)
                {
                    DiscriminatorIndex = i, RealImages = real, GeneratedImages = generated.detach(), Conditions = sentence,
                }, extra, suffix: i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (name, value) in extra) losses[name] = value.detach().MoveToOuterDisposeScope();
            losses[$"errD{i}"] = errD.detach().MoveToOuterDisposeScope();
            if (dLoss.MatchingAwarePenalty is { } gp) losses[$"ma_gp{i}"] = gp.detach().MoveToOuterDisposeScope();
            if (!_ctx.IsFinite($"errD{i}", errD)) return null;
            DiscriminatorOptimizers[i].ZeroGrad();
            errD.backward();
            _ctx.AverageGradients(DiscriminatorOptimizers[i]);
            DiscriminatorOptimizers[i].Step();
            // The gradients are spent; free them now rather than holding them through the generator update, which gives
            // the discriminators none (the next step clears them before its backward anyway).
            DiscriminatorOptimizers[i].ZeroGrad();
        }

        // Discriminators, image encoder and ZSL discriminator only judge the generator here: no gradients into them
        // (the reference computed and discarded them).
        using (TrainingContext.Freeze([.. m.Discriminators, m.ImageEncoder, m.ZslDiscriminator]))
        {
            Tensor errG = zeros(1, device: words.device).squeeze();
            for (int i = 0; i < m.Discriminators.Count; i++)
            {
                var g = _ctx.Objectives.ImageAdversarial.Generator(m.Discriminators[i], augment is null ? fakes[i] : augment.Apply(fakes[i], _ctx.Rng), sentence).Total;
                losses[$"g_adv{i}"] = g;
                errG = errG.Plus(g);
            }
            var encoded = m.ImageEncoder.Encode(fakes[^1]);
            var (w0, w1, _) = _ctx.Objectives.Matching.WordsLoss(encoded.Regions, words, batch.Lengths, batch.ClassIds);
            losses["g_w_loss"] = w0.Plus(w1);
            errG = errG.Plus(w0.Plus(w1).Times(loss.DamsmWeight));
            if (loss.SentenceDamsm)
            {
                var (s0, s1) = _ctx.Objectives.Matching.SentenceLoss(encoded.Code, sentence, batch.ClassIds);
                losses["g_s_loss"] = s0.Plus(s1);
                errG = errG.Plus(s0.Plus(s1).Times(loss.DamsmWeight));
            }
            if (m.ZslDiscriminator is { } zd)
            {
                var zsl = _ctx.Objectives.Zsl.GeneratedImageLoss(zd, encoded.Code, batch.ClassIds);
                losses["g_zsl"] = zsl;
                errG = errG.Plus(zsl.Times(loss.ZslWeight));
            }
            if (loss.ModeSeekingWeight > 0)
            {
                // The same captions, fresh noise: only the final images are compared, on the first rows only when
                // the batch share is below 1 (the rows are in random order, so the first ones are a random subset).
                long rows = ModeSeekingRows(sentence.shape[0], loss.ModeSeekingBatchShare);
                var second = m.Generator.Generate(sentence.narrow(0, 0, rows), words.narrow(0, 0, rows), mask?.narrow(0, 0, rows), _ctx.Rng);
                var ms = ModeSeekingLoss.Compute(fakes[^1].narrow(0, 0, rows), second.Images[^1]);
                losses["mode_seeking"] = ms;
                errG = errG.Plus(ms.Times(loss.ModeSeekingWeight));
            }
            if (fake.Mu is not null && fake.LogVar is not null)
            {
                var kl = _ctx.Objectives.Conditioning.Compute(fake.Mu, fake.LogVar);
                losses[_ctx.Objectives.Conditioning.Name] = kl;
                errG = errG.Plus(kl.Times(loss.KlWeight));
            }
            errG = _ctx.AddExtraTerms(LossPhase.Generator, errG, new LossTermContext(m, batch, text, encoded, fake), losses);
            losses["errG"] = errG;
            if (!_ctx.IsFinite("errG", errG)) return null;
            GeneratorOptimizer.ZeroGrad();
            errG.backward();
            _ctx.AverageGradients(GeneratorOptimizer);
            GeneratorOptimizer.Step();
            Ema.Update(_ctx.Training.EmaDecayAt(_ctx.CurrentStep()));
        }
        return losses;
    }

    /// <summary>Generates in eval mode with the EMA weights swapped in (never a train-mode forward outside a step:
    /// that would overwrite BatchNorm running statistics).</summary>
    public GeneratorOutput Sample(Tensor captions, Tensor lengths, Generator rng)
    {
        var m = _ctx.Model;
        bool wasTraining = m.Generator.Module.training;
        Ema.Swap();
        try
        {
            m.Generator.Module.eval();
            m.TextEncoder.Module.eval();
            using var _ = no_grad();
            return m.GenerateFromCaptions(captions, lengths, rng).Output;
        }
        finally
        {
            Ema.Swap();
            m.Generator.Module.train(wasTraining);
        }
    }

    /// <summary>Rows of a batch of <paramref name="batch"/> that get a second image: ⌈share × batch⌉, but at least 2
    /// (the generator runs in train mode, and its BatchNorm needs two rows), as when a batch is split over ranks.</summary>
    internal static long ModeSeekingRows(long batch, double share) =>
        Math.Clamp((long)Math.Ceiling(share * batch - 1e-9), Math.Min(2, batch), batch);

    /// <summary>The batch's real images of each generator output size, in the generator's order.</summary>
    private static IReadOnlyList<Tensor> RealsFor(ITrainingBatch batch, ZslAttnGanModel m) =>
        m.Generator.OutputSizes.Select(size => batch.Images.FirstOrDefault(x => x.shape[^1] == size)
            ?? throw new InvalidOperationException($"The batch has no {size}-px images for the generator's {size}-px output (it has [{string.Join(", ", batch.Images.Select(x => x.shape[^1]))}]).")).ToArray();

    public void Dispose()
    {
        GeneratorOptimizer.Dispose();
        foreach (var o in DiscriminatorOptimizers) o.Dispose();
        Ema.Dispose();
    }
}
