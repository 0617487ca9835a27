using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Losses;
using ZslAttnGan.Text;
using ZslAttnGan.Vision;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Models;

namespace ZslAttnGan.Training;

/// <summary>
/// One encoder step (zslgan.md §5.6, bugs fixed): DAMSM on the ZSL sentence code + λ_zsl × the ZSL generator-side loss,
/// text-encoder gradient clipping, an Adam step on both encoders; then the ZSL discriminator's own step(s) on the
/// codes already computed, detached (the seed ran both encoders a second time).
/// </summary>
internal sealed class EncoderPhase : IDisposable
{
    private readonly TrainingContext _ctx;
    private readonly Parameter[] _textParameters;

    public EncoderPhase(TrainingContext ctx)
    {
        _ctx = ctx;
        var m = ctx.Model;
        TrainingContext.SetRequiresGrad(m.TextEncoder, true);
        var imageParameters = m.ImageEncoder.TrainableParameters().ToArray();
        foreach (var p in imageParameters) p.requires_grad = true;
        _textParameters = m.TextEncoder.Module.parameters().ToArray();
        EncoderOptimizer = ctx.Adam(_textParameters.Concat(imageParameters), ctx.Training.EncoderLearningRate);
        if (m.ZslDiscriminator is not null)
        {
            TrainingContext.SetRequiresGrad(m.ZslDiscriminator, true);
            ZslOptimizer = ctx.Adam(m.ZslDiscriminator.Module.parameters(), ctx.Training.ZslDiscriminatorLearningRate);
        }
    }

    public AdamOptimizer EncoderOptimizer { get; }
    public AdamOptimizer? ZslOptimizer { get; }

    public IEnumerable<(string Name, AdamOptimizer Optimizer)> Optimizers()
    {
        yield return ("encoders", EncoderOptimizer);
        if (ZslOptimizer is not null) yield return (ZslAttnGanModel.ZslDiscriminatorName, ZslOptimizer);
    }

    /// <summary>Applies the encoder learning-rate schedule for <paramref name="epoch"/> (the seed computed it but never applied it).</summary>
    public void SetEpoch(int epoch)
    {
        double lr = _ctx.Training.EncoderLearningRateAt(epoch);
        EncoderOptimizer.LearningRate = lr;
    }

    public double LearningRate => EncoderOptimizer.LearningRate;

    /// <summary>Runs the step; null when a non-finite loss made it skip the batch.</summary>
    public Dictionary<string, Tensor>? Step(ITrainingBatch batch)
    {
        var m = _ctx.Model;
        var loss = _ctx.Loss;
        var d = m.ZslDiscriminator;
        m.TextEncoder.Module.train();
        m.ImageEncoder.Module.train();
        d?.Module.train();

        var image = m.ImageEncoder.Encode(batch.Images[^1]);
        var text = m.TextEncoder.Encode(batch.Captions, batch.Lengths, generator: _ctx.Rng);
        var damsm = _ctx.Objectives.Matching.Compute(image.Regions, text.Words, batch.Lengths, image.Code, text.Sentence, batch.ClassIds);
        var total = damsm.Words0.Plus(damsm.Words1);
        if (loss.SentenceDamsm) total = total.Plus(damsm.Sentence0).Plus(damsm.Sentence1);
        var losses = new Dictionary<string, Tensor>
        {
            ["w_loss0"] = damsm.Words0, ["w_loss1"] = damsm.Words1, ["s_loss0"] = damsm.Sentence0, ["s_loss1"] = damsm.Sentence1,
        };

        // D only judges the encoders here; its own update follows on detached codes.
        using (TrainingContext.Freeze(d))
        {
            if (d is not null)
            {
                var zsl = _ctx.Objectives.Zsl.EncoderLoss(d, image.Code, text.Sentence, batch.ClassIds);
                if (loss.VisualPivotWeight > 0)
                    zsl = zsl.Plus(ZslLosses.VisualPivot(text.Sentence, image.Code, batch.ClassIds, m.ClassCount).Times(loss.VisualPivotWeight));
                total = total.Plus(zsl.Times(loss.ZslWeight));
                losses["zsl_g"] = zsl;
            }
            total = _ctx.AddExtraTerms(LossPhase.Encoder, total, new LossTermContext(m, batch, text, image, null), losses);
            losses["encoder_total"] = total;
            if (!_ctx.IsFinite("encoder_total", total)) return null;
            EncoderOptimizer.ZeroGrad();
            total.backward();
            _ctx.AverageGradients(EncoderOptimizer);
            if (_ctx.Training.TextGradientClip > 0) nn.utils.clip_grad_norm_(_textParameters, _ctx.Training.TextGradientClip);
            EncoderOptimizer.Step();
        }

        if (d is not null && ZslOptimizer is not null)
        {
            var imageCodes = image.Code.detach();
            var textCodes = text.Sentence.detach();
            var criticContext = new LossTermContext(m, batch, new TextEncoding(text.Words.detach(), textCodes, text.LstmSentence.detach()),
                new ImageEncoding(image.Regions.detach(), imageCodes), null);
            var objective = _ctx.Objectives.Zsl;
            for (int k = 0; k < objective.CriticIterations; k++)
            {
                var dLoss = objective.CriticLoss(d, imageCodes, textCodes, batch.ClassIds, _ctx.Rng);
                dLoss = _ctx.AddExtraTerms(LossPhase.ZslCritic, dLoss, criticContext, losses);
                losses["zsl_d"] = dLoss;
                if (!_ctx.IsFinite("zsl_d", dLoss)) return null;
                ZslOptimizer.ZeroGrad();
                dLoss.backward();
                _ctx.AverageGradients(ZslOptimizer);
                ZslOptimizer.Step();
            }
        }
        return losses;
    }

    public void Dispose()
    {
        EncoderOptimizer.Dispose();
        ZslOptimizer?.Dispose();
    }
}
